package zmai.core.topic;

/** An instantaneous electrical quantity a meter reports. */
public enum Quantity {
    VOLTAGE("V"),
    CURRENT("A"),
    POWER("W"),
    APPARENT_POWER("VA"),
    REACTIVE_POWER("var"),
    POWER_FACTOR(""),
    /** OpenBeken publishes it under the channel-like name {@code 138}. */
    FREQUENCY("Hz");

    private final String unit;

    Quantity(String unit) {
        this.unit = unit;
    }

    /** The SI symbol; empty for the dimensionless power factor. */
    public String unit() {
        return unit;
    }
}
