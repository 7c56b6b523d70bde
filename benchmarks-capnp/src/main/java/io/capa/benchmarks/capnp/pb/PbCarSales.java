package io.capa.benchmarks.capnp.pb;

import com.google.protobuf.InvalidProtocolBufferException;
import io.capa.benchmarks.capnp.Codec;
import io.capa.benchmarks.capnp.model.Car;
import io.capa.benchmarks.capnp.model.Engine;
import io.capa.benchmarks.capnp.model.Scores;
import io.capa.benchmarks.capnp.model.Wheel;
import io.capa.benchmarks.capnp.proto.BenchProto;
import java.util.List;

/** Car sales through protobuf-java's generated messages (parse, then traverse the objects). */
public final class PbCarSales implements Codec<List<Car>> {
  @Override
  public byte[] buildAndSerialize(List<Car> cars) {
    BenchProto.Inventory.Builder inventory = BenchProto.Inventory.newBuilder();
    for (Car c : cars) {
      BenchProto.Car.Builder b = BenchProto.Car.newBuilder()
          .setMake(c.make())
          .setModel(c.model())
          .setColorValue(c.color())
          .setSeats(c.seats())
          .setDoors(c.doors());
      for (Wheel w : c.wheels()) {
        b.addWheels(BenchProto.Wheel.newBuilder()
            .setDiameterMm(w.diameterMm()).setAirPressure(w.airPressure()).setSnowTires(w.snowTires()));
      }
      for (Engine e : c.engines()) {
        b.addEngines(BenchProto.Engine.newBuilder()
            .setHorsepower(e.horsepower()).setCylinders(e.cylinders()).setDisplacementCc((int) e.displacementCc())
            .setUsesGas(e.usesGas()).setUsesElectric(e.usesElectric()));
      }
      inventory.addCars(b.setLengthMm(c.lengthMm())
          .setWidthMm(c.widthMm())
          .setHeightMm(c.heightMm())
          .setWeightKg((int) c.weightKg())
          .setFuelCapacity(c.fuelCapacity())
          .setFuelLevel(c.fuelLevel())
          .setHasPowerWindows(c.hasPowerWindows())
          .setHasNavigation(c.hasNavigation())
          .setCupHolders(c.cupHolders())
          .setPriceCents(c.priceCents()));
    }
    return inventory.build().toByteArray();
  }

  @Override
  public long readAndTraverse(byte[] bytes) {
    BenchProto.Inventory inventory;
    try {
      inventory = BenchProto.Inventory.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
    long total = 0;
    for (int i = 0; i < inventory.getCarsCount(); i++) {
      BenchProto.Car c = inventory.getCars(i);
      total += Scores.car(c.getPriceCents(), c.getWeightKg() & 0xFFFF_FFFFL, c.getSeats(), c.getDoors(),
          c.getCupHolders(), c.getColorValue(), c.getHasNavigation(), c.getHasPowerWindows(), c.getFuelCapacity(),
          c.getFuelLevel());
      for (int w = 0; w < c.getWheelsCount(); w++) {
        BenchProto.Wheel wheel = c.getWheels(w);
        total += Scores.wheel(wheel.getDiameterMm(), wheel.getAirPressure(), wheel.getSnowTires());
      }
      for (int e = 0; e < c.getEnginesCount(); e++) {
        BenchProto.Engine engine = c.getEngines(e);
        total += Scores.engine(engine.getHorsepower(), engine.getCylinders(),
            engine.getDisplacementCc() & 0xFFFF_FFFFL, engine.getUsesElectric());
      }
    }
    return total;
  }
}
