package zmai.fleet.energy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The plain energy classes as beans. */
@ApplicationScoped
class EnergyBeans {

    @Produces
    @ApplicationScoped
    ReadingStore readingStore(AgroalDataSource dataSource) {
        return new ReadingStore(dataSource);
    }

    @Produces
    @ApplicationScoped
    RegisterAccounting registerAccounting(AgroalDataSource dataSource, ObjectMapper json) {
        return new RegisterAccounting(dataSource, new StateCodec(json));
    }

    @Produces
    @ApplicationScoped
    ReadingImport readingImport(ReadingStore store, RegisterAccounting accounting) {
        return new ReadingImport(store, accounting);
    }
}
