package zmai.fleet.auth;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every JAX-RS endpoint under {@code /api}, found by reflection over the resource classes of {@code zmai.fleet}, with
 * the least role its annotations ask for. A new resource is picked up without anyone listing it.
 */
final class ApiEndpoints {

    /** What an endpoint's annotations demand of the caller. */
    sealed interface Access permits AnyToken, AtLeast, Unstated {
    }

    /** {@code @Authenticated}: any valid token. */
    record AnyToken() implements Access {
    }

    record AtLeast(Role role) implements Access {
    }

    /** No security annotation (or {@code @PermitAll}/{@code @DenyAll}): every /api endpoint must state its role. */
    record Unstated(String found) implements Access {
    }

    /**
     * One endpoint: {@code template} as in the OpenAPI document ({@code /api/devices/{id}}), {@code consumes} the
     * first media type it reads, if any, and {@code numericParams} the path parameters that must be numbers.
     */
    record Endpoint(String method, String template, Optional<String> consumes, List<String> numericParams,
                    Access access, String javaMethod) {
        String key() {
            return method + " " + template;
        }
    }

    private ApiEndpoints() {
    }

    static List<Endpoint> all() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Class<?> resource : resourceClasses()) {
            Path classPath = resource.getAnnotation(Path.class);
            for (Method method : resource.getDeclaredMethods()) {
                httpMethod(method).ifPresent(verb -> {
                    String template = join(classPath.value(), method.isAnnotationPresent(Path.class)
                            ? method.getAnnotation(Path.class).value() : "");
                    if (template.equals("/api") || template.startsWith("/api/")) {
                        endpoints.add(new Endpoint(verb, template, consumes(resource, method),
                                numericParams(method), access(resource, method),
                                resource.getSimpleName() + "." + method.getName()));
                    }
                });
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::key));
        return endpoints;
    }

    private static Optional<String> httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(h -> h != null)
                .map(HttpMethod::value)
                .findFirst();
    }

    /** Joins class and method paths and drops regular expressions from parameters: {@code {id: .+}} is {@code {id}}. */
    static String join(String classPath, String methodPath) {
        String joined = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
        if (joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        return joined.replaceAll("\\{\\s*([\\w.-]+)\\s*:[^}]*}", "{$1}");
    }

    private static Optional<String> consumes(Class<?> resource, Method method) {
        Consumes consumes = method.isAnnotationPresent(Consumes.class)
                ? method.getAnnotation(Consumes.class) : resource.getAnnotation(Consumes.class);
        return consumes == null || consumes.value().length == 0 ? Optional.empty() : Optional.of(consumes.value()[0]);
    }

    private static List<String> numericParams(Method method) {
        List<String> numeric = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            PathParam param = parameter.getAnnotation(PathParam.class);
            if (param != null && (parameter.getType() == long.class || parameter.getType() == int.class
                    || Number.class.isAssignableFrom(parameter.getType()))) {
                numeric.add(param.value());
            }
        }
        return numeric;
    }

    /** The method's own annotation wins over the class's, as in Quarkus. */
    private static Access access(Class<?> resource, Method method) {
        Access own = accessOf(method.getAnnotations());
        return own != null ? own : Optional.ofNullable(accessOf(resource.getAnnotations()))
                .orElse(new Unstated("no security annotation"));
    }

    private static Access accessOf(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof RolesAllowed roles) {
                return new AtLeast(Arrays.stream(roles.value()).map(ApiEndpoints::role)
                        .min(Comparator.naturalOrder()).orElseThrow());
            }
            if (annotation instanceof Authenticated) {
                return new AnyToken();
            }
            if (annotation instanceof PermitAll || annotation instanceof DenyAll) {
                return new Unstated("@" + annotation.annotationType().getSimpleName());
            }
        }
        return null;
    }

    private static Role role(String name) {
        return Arrays.stream(Role.values()).filter(r -> r.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("@RolesAllowed names an unknown role '" + name + "'"));
    }

    /** Classes with {@code @Path} in every directory of the class path that holds {@code zmai/fleet}. */
    private static List<Class<?>> resourceClasses() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<Class<?>> classes = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources("zmai/fleet"))) {
                if (!url.getProtocol().equals("file")) {
                    continue;
                }
                java.nio.file.Path root = java.nio.file.Path.of(url.toURI()).getParent().getParent();
                try (Stream<java.nio.file.Path> files = Files.walk(root.resolve("zmai/fleet"))) {
                    for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '.');
                        Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()),
                                false, loader);
                        if (type.isAnnotationPresent(Path.class)) {
                            classes.add(type);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return classes;
    }
}
