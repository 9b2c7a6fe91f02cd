import java.nio.file.Path;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;

/**
 * Last step of the {@code jooq-codegen} profile, run as a single-file Java program (it is not part
 * of the module's sources): reads the schema Liquibase just built in the code-generation database
 * back into jOOQ classes under {@code src/main/generated/jooq}.
 *
 * <p>Why not jooq-codegen-maven: jOOQ 3.21 needs Java 21, and its Maven plugin runs inside Maven's
 * own JVM, which may be older (this machine's default java is 17). This program runs on the JDK the
 * toolchain selects, like the compiler, and is configured exactly as the plugin would be.
 *
 * <p>Settings (system properties): {@code codegen.db.url}, {@code codegen.db.user},
 * {@code codegen.db.password}, {@code codegen.target.directory}.
 */
public class GenerateJooqClasses {

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("codegen.db.url");
        if (url == null || !url.matches("^jdbc:postgresql://[^/?#]+/[A-Za-z0-9_]+_codegen(\\?.*)?$")) {
            System.err.println("[codegen] codegen.db.url must name a *_codegen database, was: " + url);
            System.exit(1);
        }
        Path target = Path.of(System.getProperty("codegen.target.directory"));

        GenerationTool.generate(new Configuration()
                .withLogging(Logging.WARN)
                .withJdbc(new Jdbc()
                        .withDriver("org.postgresql.Driver")
                        .withUrl(url)
                        .withUser(System.getProperty("codegen.db.user", "postgres"))
                        .withPassword(System.getProperty("codegen.db.password", "")))
                .withGenerator(new Generator()
                        .withName("org.jooq.codegen.JavaGenerator")
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                .withExcludes("databasechangelog|databasechangeloglock"))
                        .withGenerate(new Generate()
                                .withRecords(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withJavaTimeTypes(true)
                                // Stable output: no @Generated carrying dates or the jOOQ version.
                                .withGeneratedAnnotation(false)
                                .withGeneratedAnnotationDate(false)
                                .withGeneratedAnnotationJooqVersion(false))
                        .withTarget(new Target()
                                .withPackageName("dev.clerksync.adapter.persistence.jooq")
                                // A dedicated directory: jOOQ deletes whatever else is in it.
                                .withDirectory(target.toString())
                                .withClean(true))));
    }
}
