package zmai.core.energy;

import java.math.BigDecimal;

/**
 * An energy total that a meter publishes as a raw OpenBeken channel ({@code <topic>/<n>/get}), as TuyaMCU meters
 * do: the raw value divided by {@code divider} is the total in {@code unit}. Only the device's configuration knows
 * the divider (OpenBeken keeps it in the channel type, e.g. {@code EnergyTotal_kWh_div100}).
 *
 * @param channel the channel number, as in the topic
 * @param divider what the raw value is divided by; it divides the unit's size in mWh, so that every whole raw
 *                value is a whole number of mWh
 * @param unit    the unit of the divided value; {@link CounterUnit#TENTH_KWH} with divider 1 is a 0.1 kWh count
 */
public record ChannelRegister(int channel, long divider, CounterUnit unit) {

    /** OpenBeken's topic parser reads channels 0 to 9999. */
    public static final int MAX_CHANNEL = 9999;

    public ChannelRegister {
        if (channel < 0 || channel > MAX_CHANNEL) {
            throw new IllegalArgumentException("a channel is numbered 0.." + MAX_CHANNEL + ", not " + channel);
        }
        if (unit == null) {
            throw new IllegalArgumentException("a channel register needs a unit: Wh, kWh or 0.1kWh");
        }
        if (divider < 1 || unit.milliWattHours() % divider != 0) {
            throw new IllegalArgumentException("the divider must be a whole number that divides one " + unit.symbol()
                    + " (" + unit.milliWattHours() + " mWh) exactly, such as 1, 10, 100 or 1000; not " + divider);
        }
    }

    /** One raw step: the register's resolution. */
    public long quantumMwh() {
        return unit.milliWattHours() / divider;
    }

    /** The raw channel value as exact mWh; a value finer than 1 mWh or negative is refused. */
    public long toMilliWattHours(BigDecimal raw) {
        return MilliWattHours.fromDecimal(raw, quantumMwh(), "× " + unit.symbol() + " / " + divider);
    }

    /** {@code channel 3 / 10 in kWh}: how a person reads the configuration. */
    public String describe() {
        return "channel " + channel + (divider == 1 ? "" : " / " + divider) + " in " + unit.symbol();
    }
}
