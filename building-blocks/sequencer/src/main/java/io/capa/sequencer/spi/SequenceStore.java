package io.capa.sequencer.spi;

import io.capa.components.spi.Component;
import java.util.concurrent.CompletionStage;

/**
 * A sequencer component ({@code sequencer.*}): ids per key, each greater than every id it handed
 * out before for that key, also across restarts of the component. Fails with {@code
 * ERR_COMPONENT_FAILED} when the store cannot be reached; a failed call hands out no id.
 */
public interface SequenceStore extends Component {

  /** The next id of {@code key}; the first is 1 or more. */
  CompletionStage<Long> nextId(String key);
}
