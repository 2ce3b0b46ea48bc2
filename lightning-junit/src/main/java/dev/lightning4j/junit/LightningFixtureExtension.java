package dev.lightning4j.junit;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportResult;
import dev.lightning4j.core.routing.FileRouter;
import dev.lightning4j.core.routing.FileType;
import dev.lightning4j.core.routing.RoutedFile;
import dev.lightning4j.spi.StorageFile;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link LightningFixture}: before each test it resets the fixture's databases as asked and
 * imports the fixture into the {@link FixtureTarget} DataSource. Registered by the annotation itself.
 */
public final class LightningFixtureExtension implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LightningFixtureExtension.class);

    /** Creates the extension; JUnit does this when it meets {@link LightningFixture}. */
    public LightningFixtureExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Optional<LightningFixture> fixture = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(),
                LightningFixture.class);
        if (fixture.isEmpty()) {
            fixture = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LightningFixture.class);
        }
        if (fixture.isEmpty()) {
            return;
        }
        DataSource target = findTarget(context);
        ImportResult result = load(fixture.get(), target, context.getRequiredTestClass());
        context.getStore(NS).put(ImportResult.class, result);
    }

    /**
     * Loads a fixture into a DataSource outside JUnit, as the annotation would.
     *
     * @param fixture   the fixture settings
     * @param target    the database
     * @param anchor    class whose class loader finds class path fixtures
     * @return what was imported
     * @throws IOException when the fixture cannot be read
     * @throws SQLException when the reset fails
     */
    static ImportResult load(LightningFixture fixture, DataSource target, Class<?> anchor)
            throws IOException, SQLException {
        try (Located dir = locate(fixture.value(), anchor)) {
            reset(fixture.reset(), target, dir.path());
            ImportBuilder b = ImportBuilder.create().source(dir.path()).target(target)
                    .backend("auto".equals(fixture.backend()) ? "logical" : fixture.backend());
            if (fixture.filter().length > 0) {
                b.filter(fixture.filter());
            }
            if (fixture.reset() == ResetStrategy.NONE) {
                b.onDuplicate(ConflictStrategy.REPLACE);
            }
            return b.run();
        }
    }

    private static DataSource findTarget(ExtensionContext context) throws IllegalAccessException {
        Object instance = context.getTestInstance().orElse(null);
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            List<Field> fields = AnnotationSupport.findAnnotatedFields(c, FixtureTarget.class);
            for (Field f : fields) {
                if (!DataSource.class.isAssignableFrom(f.getType())) {
                    throw new ExtensionConfigurationException("@FixtureTarget field " + f.getName() + " of "
                            + c.getName() + " must be a javax.sql.DataSource, not " + f.getType().getName());
                }
                f.setAccessible(true);
                Object owner = Modifier.isStatic(f.getModifiers()) ? null : instanceOf(c, context, instance);
                if (!Modifier.isStatic(f.getModifiers()) && owner == null) {
                    continue;
                }
                Object value = f.get(owner);
                if (value == null) {
                    throw new ExtensionConfigurationException("@FixtureTarget field " + f.getName() + " of "
                            + c.getName() + " is null when the test starts: set it in its initialiser or @BeforeAll");
                }
                return (DataSource) value;
            }
        }
        throw new ExtensionConfigurationException("@LightningFixture needs a DataSource field annotated @FixtureTarget"
                + " in " + context.getRequiredTestClass().getName() + " or an enclosing class");
    }

    private static Object instanceOf(Class<?> c, ExtensionContext context, Object instance) {
        for (Object o : context.getRequiredTestInstances().getAllInstances()) {
            if (c.isInstance(o)) {
                return o;
            }
        }
        return c.isInstance(instance) ? instance : null;
    }

    /** The fixture's databases and tables, named as the import will create them. */
    static Set<String> databases(Path dir, boolean tables) throws IOException {
        FileRouter router = new FileRouter();
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                RoutedFile r = router.route(new StorageFile(dir.relativize(p).toString().replace('\\', '/'),
                        Files.size(p)));
                if (r == null || r.type() == FileType.IGNORE || r.schema() == null) {
                    continue;
                }
                if (!tables) {
                    out.add(r.schema());
                } else if (r.table() != null && r.type() != FileType.VIEW_SCHEMA) {
                    out.add(quote(r.schema()) + "." + quote(r.table()));
                }
            }
        }
        return out;
    }

    private static void reset(ResetStrategy strategy, DataSource target, Path dir) throws IOException, SQLException {
        if (strategy == ResetStrategy.NONE) {
            return;
        }
        try (Connection c = target.getConnection(); Statement s = c.createStatement()) {
            if (strategy == ResetStrategy.DROP_AND_CREATE) {
                for (String db : databases(dir, false)) {
                    s.execute("DROP DATABASE IF EXISTS " + quote(db));
                }
            } else {
                for (String table : databases(dir, true)) {
                    try {
                        s.execute("TRUNCATE TABLE " + table);
                    } catch (SQLException e) {
                        // a table the fixture has not created yet: the import creates it
                        if (e.getErrorCode() != 1146 && e.getErrorCode() != 1049) {
                            throw e;
                        }
                    }
                }
            }
        }
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A fixture directory; one inside a jar is copied out to a temporary directory first. */
    private record Located(Path path, Path temporary) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (temporary != null) {
                try (Stream<Path> s = Files.walk(temporary)) {
                    for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static Located locate(String location, Class<?> anchor) throws IOException {
        String resource = location.startsWith("/") ? location.substring(1) : location;
        ClassLoader loader = anchor.getClassLoader();
        URL url = loader == null ? null : loader.getResource(resource);
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return new Located(Path.of(url.toURI()), null);
            } catch (URISyntaxException e) {
                throw new IOException("bad fixture URL " + url, e);
            }
        }
        if (url != null && "jar".equals(url.getProtocol())) {
            return copyOut(url);
        }
        Path path = Path.of(location);
        if (Files.isDirectory(path)) {
            return new Located(path, null);
        }
        throw new ExtensionConfigurationException("fixture '" + location + "' is neither a class path directory nor"
                + " a directory on disk");
    }

    private static Located copyOut(URL url) throws IOException {
        String spec = url.toString();
        int bang = spec.indexOf("!/");
        Path tmp = Files.createTempDirectory("lightning-fixture");
        try (FileSystem fs = FileSystems.newFileSystem(java.net.URI.create(spec.substring(0, bang)), Map.of())) {
            Path root = fs.getPath(spec.substring(bang + 1));
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).forEach(files::add);
            }
            for (Path f : files) {
                Path out = tmp.resolve(root.relativize(f).toString());
                Files.createDirectories(out.getParent());
                try (InputStream in = Files.newInputStream(f)) {
                    Files.copy(in, out);
                }
            }
        }
        return new Located(tmp, tmp);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == ImportResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        ImportResult r = extension.getStore(NS).get(ImportResult.class, ImportResult.class);
        if (r == null) {
            throw new ExtensionConfigurationException("no @LightningFixture was loaded for this test");
        }
        return r;
    }
}
