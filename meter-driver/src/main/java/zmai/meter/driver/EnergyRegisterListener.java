package zmai.meter.driver;

import java.io.IOException;

/** Told every EnergyP value the driver reads and every time the chip's counter is restarted from zero. */
public interface EnergyRegisterListener {

    /** EnergyP read while the chip's calibration checksum was {@code checksum}. */
    void counted(long energyPulses, int checksum) throws IOException;

    /** The driver reset the chip: EnergyP starts again from zero, under {@code checksum}. */
    void restarted(int checksum) throws IOException;

    EnergyRegisterListener NONE = new EnergyRegisterListener() {
        public void counted(long energyPulses, int checksum) {
        }

        public void restarted(int checksum) {
        }
    };
}
