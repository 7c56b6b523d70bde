package io.capa.benchmarks.capnp.cj;

import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructFactory;
import org.capnproto.StructList;
import org.capnproto.StructSize;
import org.capnproto.Text;

/**
 * Accessors over capnproto-java's runtime for Wheel, Engine, Car and Inventory of
 * bench.capnp, shaped like the classes its (C++) code generator emits. Offsets are the
 * slot offsets printed by {@code capnp compile -ocapnp bench.capnp}.
 */
final class CarSalesSchema {
  private CarSalesSchema() {
  }

  static final class Wheel {
    static final StructSize STRUCT_SIZE = new StructSize((short) 1, (short) 0);
    static final Factory FACTORY = new Factory();
    static final StructList.Factory<Builder, Reader> LIST_FACTORY = new StructList.Factory<>(FACTORY);

    private Wheel() {
    }

    static final class Factory extends StructFactory<Builder, Reader> {
      @Override
      public Reader constructReader(SegmentReader segment, int data, int pointers, int dataSize,
          short pointerCount, int nestingLimit) {
        return new Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      @Override
      public Builder constructBuilder(SegmentBuilder segment, int data, int pointers, int dataSize,
          short pointerCount) {
        return new Builder(segment, data, pointers, dataSize, pointerCount);
      }

      @Override
      public StructSize structSize() {
        return STRUCT_SIZE;
      }

      @Override
      public Reader asReader(Builder builder) {
        return builder.asReader();
      }
    }

    static final class Builder extends org.capnproto.StructBuilder {
      Builder(SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
        super(segment, data, pointers, dataSize, pointerCount);
      }

      Reader asReader() {
        return new Reader(segment, data, pointers, dataSize, pointerCount, Integer.MAX_VALUE);
      }

      void setDiameterMm(int value) {
        _setShortField(0, (short) value);
      }

      void setAirPressure(float value) {
        _setFloatField(1, value);
      }

      void setSnowTires(boolean value) {
        _setBooleanField(16, value);
      }
    }

    static final class Reader extends org.capnproto.StructReader {
      Reader(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
        super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      int getDiameterMm() {
        return _getShortField(0) & 0xFFFF;
      }

      float getAirPressure() {
        return _getFloatField(1);
      }

      boolean getSnowTires() {
        return _getBooleanField(16);
      }
    }
  }

  static final class Engine {
    static final StructSize STRUCT_SIZE = new StructSize((short) 1, (short) 0);
    static final Factory FACTORY = new Factory();
    static final StructList.Factory<Builder, Reader> LIST_FACTORY = new StructList.Factory<>(FACTORY);

    private Engine() {
    }

    static final class Factory extends StructFactory<Builder, Reader> {
      @Override
      public Reader constructReader(SegmentReader segment, int data, int pointers, int dataSize,
          short pointerCount, int nestingLimit) {
        return new Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      @Override
      public Builder constructBuilder(SegmentBuilder segment, int data, int pointers, int dataSize,
          short pointerCount) {
        return new Builder(segment, data, pointers, dataSize, pointerCount);
      }

      @Override
      public StructSize structSize() {
        return STRUCT_SIZE;
      }

      @Override
      public Reader asReader(Builder builder) {
        return builder.asReader();
      }
    }

    static final class Builder extends org.capnproto.StructBuilder {
      Builder(SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
        super(segment, data, pointers, dataSize, pointerCount);
      }

      Reader asReader() {
        return new Reader(segment, data, pointers, dataSize, pointerCount, Integer.MAX_VALUE);
      }

      void setHorsepower(int value) {
        _setShortField(0, (short) value);
      }

      void setCylinders(int value) {
        _setByteField(2, (byte) value);
      }

      void setDisplacementCc(long value) {
        _setIntField(1, (int) value);
      }

      void setUsesGas(boolean value) {
        _setBooleanField(24, value);
      }

      void setUsesElectric(boolean value) {
        _setBooleanField(25, value);
      }
    }

    static final class Reader extends org.capnproto.StructReader {
      Reader(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
        super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      int getHorsepower() {
        return _getShortField(0) & 0xFFFF;
      }

      int getCylinders() {
        return _getByteField(2) & 0xFF;
      }

      long getDisplacementCc() {
        return _getIntField(1) & 0xFFFF_FFFFL;
      }

      boolean getUsesGas() {
        return _getBooleanField(24);
      }

      boolean getUsesElectric() {
        return _getBooleanField(25);
      }
    }
  }

  static final class Car {
    static final StructSize STRUCT_SIZE = new StructSize((short) 4, (short) 4);
    static final Factory FACTORY = new Factory();
    static final StructList.Factory<Builder, Reader> LIST_FACTORY = new StructList.Factory<>(FACTORY);

    private Car() {
    }

    static final class Factory extends StructFactory<Builder, Reader> {
      @Override
      public Reader constructReader(SegmentReader segment, int data, int pointers, int dataSize,
          short pointerCount, int nestingLimit) {
        return new Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      @Override
      public Builder constructBuilder(SegmentBuilder segment, int data, int pointers, int dataSize,
          short pointerCount) {
        return new Builder(segment, data, pointers, dataSize, pointerCount);
      }

      @Override
      public StructSize structSize() {
        return STRUCT_SIZE;
      }

      @Override
      public Reader asReader(Builder builder) {
        return builder.asReader();
      }
    }

    static final class Builder extends org.capnproto.StructBuilder {
      Builder(SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
        super(segment, data, pointers, dataSize, pointerCount);
      }

      Reader asReader() {
        return new Reader(segment, data, pointers, dataSize, pointerCount, Integer.MAX_VALUE);
      }

      void setMake(String value) {
        _setPointerField(Text.factory, 0, new Text.Reader(value));
      }

      void setModel(String value) {
        _setPointerField(Text.factory, 1, new Text.Reader(value));
      }

      void setColor(int ordinal) {
        _setShortField(0, (short) ordinal);
      }

      void setSeats(int value) {
        _setByteField(2, (byte) value);
      }

      void setDoors(int value) {
        _setByteField(3, (byte) value);
      }

      StructList.Builder<Wheel.Builder> initWheels(int size) {
        return _initPointerField(Wheel.LIST_FACTORY, 2, size);
      }

      StructList.Builder<Engine.Builder> initEngines(int size) {
        return _initPointerField(Engine.LIST_FACTORY, 3, size);
      }

      void setLengthMm(int value) {
        _setShortField(2, (short) value);
      }

      void setWidthMm(int value) {
        _setShortField(3, (short) value);
      }

      void setHeightMm(int value) {
        _setShortField(4, (short) value);
      }

      void setWeightKg(long value) {
        _setIntField(3, (int) value);
      }

      void setFuelCapacity(float value) {
        _setFloatField(4, value);
      }

      void setFuelLevel(float value) {
        _setFloatField(5, value);
      }

      void setHasPowerWindows(boolean value) {
        _setBooleanField(80, value);
      }

      void setHasNavigation(boolean value) {
        _setBooleanField(81, value);
      }

      void setCupHolders(int value) {
        _setByteField(11, (byte) value);
      }

      void setPriceCents(long value) {
        _setLongField(3, value);
      }
    }

    static final class Reader extends org.capnproto.StructReader {
      Reader(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
        super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      Text.Reader getMake() {
        return _getPointerField(Text.factory, 0, null, 0, 0);
      }

      Text.Reader getModel() {
        return _getPointerField(Text.factory, 1, null, 0, 0);
      }

      int getColor() {
        return _getShortField(0) & 0xFFFF;
      }

      int getSeats() {
        return _getByteField(2) & 0xFF;
      }

      int getDoors() {
        return _getByteField(3) & 0xFF;
      }

      StructList.Reader<Wheel.Reader> getWheels() {
        return _getPointerField(Wheel.LIST_FACTORY, 2, null, 0);
      }

      StructList.Reader<Engine.Reader> getEngines() {
        return _getPointerField(Engine.LIST_FACTORY, 3, null, 0);
      }

      int getLengthMm() {
        return _getShortField(2) & 0xFFFF;
      }

      int getWidthMm() {
        return _getShortField(3) & 0xFFFF;
      }

      int getHeightMm() {
        return _getShortField(4) & 0xFFFF;
      }

      long getWeightKg() {
        return _getIntField(3) & 0xFFFF_FFFFL;
      }

      float getFuelCapacity() {
        return _getFloatField(4);
      }

      float getFuelLevel() {
        return _getFloatField(5);
      }

      boolean getHasPowerWindows() {
        return _getBooleanField(80);
      }

      boolean getHasNavigation() {
        return _getBooleanField(81);
      }

      int getCupHolders() {
        return _getByteField(11) & 0xFF;
      }

      long getPriceCents() {
        return _getLongField(3);
      }
    }
  }

  static final class Inventory {
    static final StructSize STRUCT_SIZE = new StructSize((short) 0, (short) 1);
    static final Factory FACTORY = new Factory();

    private Inventory() {
    }

    static final class Factory extends StructFactory<Builder, Reader> {
      @Override
      public Reader constructReader(SegmentReader segment, int data, int pointers, int dataSize,
          short pointerCount, int nestingLimit) {
        return new Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      @Override
      public Builder constructBuilder(SegmentBuilder segment, int data, int pointers, int dataSize,
          short pointerCount) {
        return new Builder(segment, data, pointers, dataSize, pointerCount);
      }

      @Override
      public StructSize structSize() {
        return STRUCT_SIZE;
      }

      @Override
      public Reader asReader(Builder builder) {
        return builder.asReader();
      }
    }

    static final class Builder extends org.capnproto.StructBuilder {
      Builder(SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
        super(segment, data, pointers, dataSize, pointerCount);
      }

      Reader asReader() {
        return new Reader(segment, data, pointers, dataSize, pointerCount, Integer.MAX_VALUE);
      }

      StructList.Builder<Car.Builder> initCars(int size) {
        return _initPointerField(Car.LIST_FACTORY, 0, size);
      }
    }

    static final class Reader extends org.capnproto.StructReader {
      Reader(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
        super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
      }

      StructList.Reader<Car.Reader> getCars() {
        return _getPointerField(Car.LIST_FACTORY, 0, null, 0);
      }
    }
  }
}
