/**
 * INTERNAL API. Parsing and arithmetic of reminder and timer schedules: durations (ISO 8601 and Go
 * style), RFC 3339 instants, cron expressions, and the {@link io.capa.actors.internal.schedule.Schedule}
 * that combines a dueTime, a period and a ttl. Everything is immutable, in UTC, and JDK-only.
 */
package io.capa.actors.internal.schedule;
