package dev.xmppd.daemon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL that differs between H2 and PostgreSQL, and the PostgreSQL variants of the migrations. */
class DialectTest {

    @Test
    void anUpsertIsMergeOnH2AndOnConflictOnPostgresql() {
        assertThat(Dialect.H2.upsert("roster_version", List.of("account", "version"), List.of("account")))
                .isEqualTo("MERGE INTO roster_version (account, version) KEY (account) VALUES (?, ?)");
        assertThat(Dialect.POSTGRESQL.upsert("roster_version", List.of("account", "version"), List.of("account")))
                .isEqualTo("INSERT INTO roster_version (account, version) VALUES (?, ?) ON CONFLICT (account)"
                        + " DO UPDATE SET version = EXCLUDED.version");
        assertThat(Dialect.POSTGRESQL.upsert("blocklist", List.of("account", "jid"), List.of("account", "jid")))
                .isEqualTo("INSERT INTO blocklist (account, jid) VALUES (?, ?) ON CONFLICT (account, jid) DO NOTHING");
    }

    /**
     * A PostgreSQL variant must mean what the H2 migration means: statement by statement, the same text but for
     * the spellings PostgreSQL needs (CLOB is TEXT; a generated column is STORED).
     */
    @Test
    void thePostgresqlMigrationsDifferFromH2sOnlyInSpelling() {
        List<Migrations.Migration> h2 = Migrations.bundled();
        List<Migrations.Migration> postgresql = Migrations.bundled(Dialect.POSTGRESQL);
        assertThat(postgresql).extracting(Migrations.Migration::version)
                .containsExactlyElementsOf(h2.stream().map(Migrations.Migration::version).toList());
        for (int i = 0; i < h2.size(); i++) {
            List<String> expected = Migrations.statements(h2.get(i).sql()).stream()
                    .map(sql -> sql.replace("CLOB", "TEXT")
                            .replace("THEN match_key END),", "THEN match_key END) STORED,"))
                    .toList();
            assertThat(Migrations.statements(postgresql.get(i).sql())).as("V%d", h2.get(i).version())
                    .containsExactlyElementsOf(expected);
        }
        assertThat(String.join("\n", Migrations.statements(postgresql.getFirst().sql()))).doesNotContain("CLOB")
                .contains("TEXT");
        assertThat(postgresql.get(1).sql()).contains("STORED");
    }
}
