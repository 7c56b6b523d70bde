@0xa95874bd565160f9;
# Messages for the serialization benchmarks (see ../proto/bench.proto for the protobuf twins).
# Shapes follow the Cap'n Proto benchmark suite: numbers in nested lists, text-heavy lists,
# and a recursive tree with a union.

enum Color { black @0; white @1; red @2; green @3; blue @4; silver @5; yellow @6; }

struct Wheel {
  diameterMm @0 :UInt16;
  airPressure @1 :Float32;
  snowTires @2 :Bool;
}

struct Engine {
  horsepower @0 :UInt16;
  cylinders @1 :UInt8;
  displacementCc @2 :UInt32;
  usesGas @3 :Bool;
  usesElectric @4 :Bool;
}

struct Car {
  make @0 :Text;
  model @1 :Text;
  color @2 :Color;
  seats @3 :UInt8;
  doors @4 :UInt8;
  wheels @5 :List(Wheel);
  engines @6 :List(Engine);
  lengthMm @7 :UInt16;
  widthMm @8 :UInt16;
  heightMm @9 :UInt16;
  weightKg @10 :UInt32;
  fuelCapacity @11 :Float32;
  fuelLevel @12 :Float32;
  hasPowerWindows @13 :Bool;
  hasNavigation @14 :Bool;
  cupHolders @15 :UInt8;
  priceCents @16 :UInt64;
}

struct Inventory {
  cars @0 :List(Car);
}

struct SearchResult {
  url @0 :Text;
  score @1 :Float64;
  snippet @2 :Text;
}

struct SearchResults {
  results @0 :List(SearchResult);
}

enum Operation { add @0; subtract @1; multiply @2; xor @3; }

struct BinaryOp {
  op @0 :Operation;
  left @1 :Expression;
  right @2 :Expression;
}

struct Expression {
  union {
    literal @0 :Int32;
    binary @1 :BinaryOp;
    negate @2 :Expression;
  }
}
