package zmai.core.ota;

import java.time.Instant;
import java.util.Objects;

/** A move of one device to {@code to}, dated by the evidence that caused it. */
public record OtaTransition(OtaState to, Instant at, String evidence) {

    public OtaTransition {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(evidence, "evidence");
    }
}
