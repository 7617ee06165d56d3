package zmai.fleet.energy;

/** One counter register of one device: the unit the accountant works on. */
public record ReadingKey(long devicePk, String register) {

    /** The lifetime total ({@code energycounter}, Tasmota {@code Total}): the register energy is billed from. */
    public static final String TOTAL = "energy_total";

    public boolean isTotal() {
        return TOTAL.equals(register);
    }
}
