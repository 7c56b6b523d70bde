package io.capa.actors.internal;

/** INTERNAL API: what every entity of one type shares. */
record EntityDeps(TypeRuntime type, ActorInvoker invoker, ReminderGateway reminders, ActorRuntimeSettings settings, StoreStatus store,
    io.capa.runtime.spi.Tracing tracing) {}
