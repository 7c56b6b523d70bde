package io.capa.benchmarks.capnp.cj;

import io.capa.benchmarks.capnp.Codec;
import io.capa.benchmarks.capnp.model.Car;
import io.capa.benchmarks.capnp.model.Engine;
import io.capa.benchmarks.capnp.model.Scores;
import io.capa.benchmarks.capnp.model.Wheel;
import java.util.List;
import org.capnproto.MessageBuilder;
import org.capnproto.StructList;

/** Car sales through capnproto-java (runtime 0.1.16) and the accessors of {@link CarSalesSchema}. */
public final class CjCarSales implements Codec<List<Car>> {
  @Override
  public byte[] buildAndSerialize(List<Car> cars) {
    MessageBuilder message = new MessageBuilder();
    StructList.Builder<CarSalesSchema.Car.Builder> list =
        message.initRoot(CarSalesSchema.Inventory.FACTORY).initCars(cars.size());
    for (int i = 0; i < cars.size(); i++) {
      Car c = cars.get(i);
      CarSalesSchema.Car.Builder b = list.get(i);
      b.setMake(c.make());
      b.setModel(c.model());
      b.setColor(c.color());
      b.setSeats(c.seats());
      b.setDoors(c.doors());
      StructList.Builder<CarSalesSchema.Wheel.Builder> wheels = b.initWheels(c.wheels().size());
      for (int w = 0; w < wheels.size(); w++) {
        Wheel wheel = c.wheels().get(w);
        CarSalesSchema.Wheel.Builder wb = wheels.get(w);
        wb.setDiameterMm(wheel.diameterMm());
        wb.setAirPressure(wheel.airPressure());
        wb.setSnowTires(wheel.snowTires());
      }
      StructList.Builder<CarSalesSchema.Engine.Builder> engines = b.initEngines(c.engines().size());
      for (int e = 0; e < engines.size(); e++) {
        Engine engine = c.engines().get(e);
        CarSalesSchema.Engine.Builder eb = engines.get(e);
        eb.setHorsepower(engine.horsepower());
        eb.setCylinders(engine.cylinders());
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
      b.setCupHolders(c.cupHolders());
      b.setPriceCents(c.priceCents());
    }
    return CjIo.toBytes(message);
  }

  @Override
  public long readAndTraverse(byte[] bytes) {
    CarSalesSchema.Inventory.Reader inventory = CjIo.read(bytes).getRoot(CarSalesSchema.Inventory.FACTORY);
    long total = 0;
    StructList.Reader<CarSalesSchema.Car.Reader> cars = inventory.getCars();
    for (int i = 0; i < cars.size(); i++) {
      CarSalesSchema.Car.Reader c = cars.get(i);
      total += Scores.car(c.getPriceCents(), c.getWeightKg(), c.getSeats(), c.getDoors(), c.getCupHolders(),
          c.getColor(), c.getHasNavigation(), c.getHasPowerWindows(), c.getFuelCapacity(), c.getFuelLevel());
      StructList.Reader<CarSalesSchema.Wheel.Reader> wheels = c.getWheels();
      for (int w = 0; w < wheels.size(); w++) {
        CarSalesSchema.Wheel.Reader wheel = wheels.get(w);
        total += Scores.wheel(wheel.getDiameterMm(), wheel.getAirPressure(), wheel.getSnowTires());
      }
      StructList.Reader<CarSalesSchema.Engine.Reader> engines = c.getEngines();
      for (int e = 0; e < engines.size(); e++) {
        CarSalesSchema.Engine.Reader engine = engines.get(e);
        total += Scores.engine(engine.getHorsepower(), engine.getCylinders(), engine.getDisplacementCc(),
            engine.getUsesElectric());
      }
    }
    return total;
  }
}
