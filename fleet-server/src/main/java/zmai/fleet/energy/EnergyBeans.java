package zmai.fleet.energy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import zmai.fleet.config.FleetConfig;

/** The plain energy classes as beans. */
@ApplicationScoped
class EnergyBeans {

    @Produces
    @ApplicationScoped
    ReadingStore readingStore(AgroalDataSource dataSource) {
        return new ReadingStore(dataSource);
    }

    @Produces
    @Singleton
    Finality finality(FleetConfig config) {
        return new Finality(config.energy().gracePeriod());
    }

    @Produces
    @ApplicationScoped
    RegisterAccounting registerAccounting(AgroalDataSource dataSource, ObjectMapper json, Finality finality) {
        return new RegisterAccounting(dataSource, new StateCodec(json), finality);
    }

    @Produces
    @ApplicationScoped
    ReadingImport readingImport(ReadingStore store, RegisterAccounting accounting) {
        return new ReadingImport(store, accounting);
    }
}
