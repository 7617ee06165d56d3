-- How a device's energy total is read. An operator sets the unit of OpenBeken's energycounter (NULL: as the device
-- declares it, else Wh) and, optionally, a channel that carries the total instead, with its divider and unit.
ALTER TABLE device ADD COLUMN energycounter_unit TEXT CHECK (energycounter_unit IN ('Wh', 'kWh'));
ALTER TABLE device ADD COLUMN energy_channel INTEGER CHECK (energy_channel BETWEEN 0 AND 9999);
ALTER TABLE device ADD COLUMN energy_channel_divider BIGINT CHECK (energy_channel_divider > 0);
ALTER TABLE device ADD COLUMN energy_channel_unit TEXT CHECK (energy_channel_unit IN ('Wh', 'kWh', '0.1kWh'));
ALTER TABLE device ADD CONSTRAINT device_energy_channel_complete CHECK (
    (energy_channel IS NULL) = (energy_channel_divider IS NULL)
    AND (energy_channel IS NULL) = (energy_channel_unit IS NULL));
-- Written by the ingest path: the unit the device's Home Assistant discovery declares, and how the last
-- energy_total reading was read, so that the first reading read another way is a new baseline, even after a restart.
ALTER TABLE device ADD COLUMN energycounter_unit_declared TEXT CHECK (energycounter_unit_declared IN ('Wh', 'kWh'));
ALTER TABLE device ADD COLUMN energy_total_basis TEXT;
-- Totals read so far were all read as energycounter in Wh (EnergySettings.basis spells it so).
UPDATE device SET energy_total_basis = 'energycounter in Wh'
WHERE EXISTS (SELECT 1 FROM energy_reading r WHERE r.device_pk = device.pk AND r.register = 'energy_total');
