package io.capa.schedules.api;

/** The methods of {@link Tally}. */
public interface TallyApi {
  long hit(String note);

  long count();

  String last();
}
