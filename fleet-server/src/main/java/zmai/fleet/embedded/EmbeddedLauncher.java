package zmai.fleet.embedded;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the embedded services the settings call for, hands their addresses to Quarkus as system properties
 * (which outrank application.properties and are read when Quarkus builds its runtime configuration, inside
 * {@link Quarkus#run}), runs the application, and stops the services once the application has stopped.
 */
public final class EmbeddedLauncher {

    private static final long SHUTDOWN_WAIT_SECONDS = 60;

    private static volatile String started = "";

    private EmbeddedLauncher() {
    }

    public static void launch(String... args) {
        // dev and test runs use their %dev/%test configuration; embedded services are for the packaged server
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            Quarkus.run(args);
            return;
        }
        EmbeddedServices services = new EmbeddedServices();
        // until Quarkus runs, a signal stops what has started; afterwards it waits for the application to stop
        AtomicBoolean quarkusRunning = new AtomicBoolean();
        CountDownLatch startFinished = new CountDownLatch(1);
        CountDownLatch servicesStopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (quarkusRunning.get()) {
                await(servicesStopped);
            } else {
                services.close(); // a service still starting is stopped as soon as it is up
                await(startFinished);
            }
        }, "embedded-services-stop"));
        try {
            services.start(EmbeddedDefaults.decide(System.getenv(), System.getProperties()));
        } catch (EmbeddedSettingException e) {
            startFinished.countDown();
            // Quarkus logging is not up yet, so this goes straight to stderr
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        startFinished.countDown();
        services.configuration().forEach(System::setProperty);
        started = services.describe();
        if (!started.isEmpty()) {
            System.out.println("zmai-fleet: " + started);
        }

        AtomicInteger exitCode = new AtomicInteger();
        quarkusRunning.set(true);
        try {
            Quarkus.run(null, (code, cause) -> {
                exitCode.set(code);
                // Quarkus leaves reporting a failed start to whoever passes an exit handler
                if (cause != null) {
                    System.err.println("error: the fleet server did not start");
                    cause.printStackTrace();
                }
            }, args);
            // after a signal, Quarkus.run can return while the shutdown hook is still stopping the application
            Application app = Application.currentApplication();
            if (app != null) {
                app.awaitShutdown();
            }
        } finally {
            services.close();
            servicesStopped.countDown();
        }
        System.exit(exitCode.get());
    }

    /** What the launcher started, e.g. "embedded PostgreSQL on 127.0.0.1:5433, ..."; empty if nothing. */
    static String started() {
        return started;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
