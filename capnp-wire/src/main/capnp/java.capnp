@0xb6dae8448a758cdd;
# Annotations read by Capa's Java code generator (io.capa.capnp.wire.codegen.CapnpcJava).
#
#   using Java = import "/capa/java.capnp";   # or a relative path
#   $Java.package("com.example.model");
#   $Java.outerClassname("Model");
#
# Without them the generator uses its --package option and <FileName>Capnp.

annotation package @0xbce9391c6af19c41 (file) :Text;
# The Java package of the generated outer class.

annotation outerClassname @0xde63df6781caeafd (file) :Text;
# The name of the one top-level class that holds every type of the file.
