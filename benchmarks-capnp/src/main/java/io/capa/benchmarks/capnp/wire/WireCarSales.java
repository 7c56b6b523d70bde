package io.capa.benchmarks.capnp.wire;

import io.capa.benchmarks.capnp.Codec;
import io.capa.benchmarks.capnp.gen.BenchCapnp;
import io.capa.benchmarks.capnp.model.Car;
import io.capa.benchmarks.capnp.model.Engine;
import io.capa.benchmarks.capnp.model.Scores;
import io.capa.benchmarks.capnp.model.Wheel;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.ReaderOptions;
import java.nio.ByteBuffer;
import java.util.List;

/** Car sales through capnp-wire and the code CapnpcJava generated from bench.capnp. */
public final class WireCarSales implements Codec<List<Car>> {
  private static final BenchCapnp.Color[] COLORS = BenchCapnp.Color.values();

  @Override
  public byte[] buildAndSerialize(List<Car> cars) {
    MessageBuilder message = new MessageBuilder();
    List<BenchCapnp.Car.Builder> list = BenchCapnp.Inventory.initRoot(message).initCars(cars.size());
    for (int i = 0; i < cars.size(); i++) {
      Car c = cars.get(i);
      BenchCapnp.Car.Builder b = list.get(i);
      b.setMake(c.make());
      b.setModel(c.model());
      b.setColor(COLORS[c.color()]);
      b.setSeats((short) c.seats());
      b.setDoors((short) c.doors());
      List<BenchCapnp.Wheel.Builder> wheels = b.initWheels(c.wheels().size());
      for (int w = 0; w < wheels.size(); w++) {
        Wheel wheel = c.wheels().get(w);
        BenchCapnp.Wheel.Builder wb = wheels.get(w);
        wb.setDiameterMm(wheel.diameterMm());
        wb.setAirPressure(wheel.airPressure());
        wb.setSnowTires(wheel.snowTires());
      }
      List<BenchCapnp.Engine.Builder> engines = b.initEngines(c.engines().size());
      for (int e = 0; e < engines.size(); e++) {
        Engine engine = c.engines().get(e);
        BenchCapnp.Engine.Builder eb = engines.get(e);
        eb.setHorsepower(engine.horsepower());
        eb.setCylinders((short) engine.cylinders());
        eb.setDisplacementCc(engine.displacementCc());
        eb.setUsesGas(engine.usesGas());
        eb.setUsesElectric(engine.usesElectric());
      }
      b.setLengthMm(c.lengthMm());
      b.setWidthMm(c.widthMm());
      b.setHeightMm(c.heightMm());
      b.setWeightKg(c.weightKg());
      b.setFuelCapacity(c.fuelCapacity());
      b.setFuelLevel(c.fuelLevel());
      b.setHasPowerWindows(c.hasPowerWindows());
      b.setHasNavigation(c.hasNavigation());
      b.setCupHolders((short) c.cupHolders());
      b.setPriceCents(c.priceCents());
    }
    return Framing.toByteArray(message);
  }

  @Override
  public long readAndTraverse(byte[] bytes) {
    BenchCapnp.Inventory.Reader inventory =
        BenchCapnp.Inventory.read(Framing.read(ByteBuffer.wrap(bytes), ReaderOptions.DEFAULT));
    long total = 0;
    List<BenchCapnp.Car.Reader> cars = inventory.getCars();
    for (int i = 0; i < cars.size(); i++) {
      BenchCapnp.Car.Reader c = cars.get(i);
      total += Scores.car(c.getPriceCents(), c.getWeightKg(), c.getSeats(), c.getDoors(), c.getCupHolders(),
          c.getColor().ordinal(), c.getHasNavigation(), c.getHasPowerWindows(), c.getFuelCapacity(),
          c.getFuelLevel());
      List<BenchCapnp.Wheel.Reader> wheels = c.getWheels();
      for (int w = 0; w < wheels.size(); w++) {
        BenchCapnp.Wheel.Reader wheel = wheels.get(w);
        total += Scores.wheel(wheel.getDiameterMm(), wheel.getAirPressure(), wheel.getSnowTires());
      }
      List<BenchCapnp.Engine.Reader> engines = c.getEngines();
      for (int e = 0; e < engines.size(); e++) {
        BenchCapnp.Engine.Reader engine = engines.get(e);
        total += Scores.engine(engine.getHorsepower(), engine.getCylinders(), engine.getDisplacementCc(),
            engine.getUsesElectric());
      }
    }
    return total;
  }
}
