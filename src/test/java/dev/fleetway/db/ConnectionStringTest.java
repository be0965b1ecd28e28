package dev.fleetway.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.fleetway.FleetwayException;

class ConnectionStringTest {

    @Test
    void aUriSplitsOffItsCredentialsAndKeepsItsParameters() {
        ConnectionString cs = ConnectionString.parse("postgresql://app%40corp:p%3Ass@db.internal:6432/app?sslmode=require");
        assertThat(cs.user()).contains("app@corp");
        assertThat(cs.password()).contains("p:ss");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/app?sslmode=require");
        assertThat(cs.display()).isEqualTo("db.internal:6432/app").doesNotContain("p:ss");
    }

    @Test
    void aJdbcUrlTakesCredentialsFromItsParameters() {
        ConnectionString cs = ConnectionString.parse("jdbc:postgresql://h/app?user=u&password=pw&ssl=true");
        assertThat(cs.user()).contains("u");
        assertThat(cs.password()).contains("pw");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://h/app?ssl=true");
    }

    @Test
    void postgresSchemeAndMultipleHostsAreAccepted() {
        assertThat(ConnectionString.parse("postgres://u@a:5432,b:5433/app").hosts()).isEqualTo("a:5432,b:5433");
    }

    @Test
    void malformedStringsAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> ConnectionString.parse("postgresql://u:topsecret@h:99999/app"))
                .isInstanceOf(FleetwayException.class).hasMessageContaining("port")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> ConnectionString.parse("postgresql://u:topsecret/x")).hasMessageContaining("port")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> ConnectionString.parse("http://h/app")).hasMessageContaining("does not start with");
        assertThatThrownBy(() -> ConnectionString.parse("jdbc:postgresql:///app")).hasMessageContaining("no host");
    }

    @Test
    void aPasswordWithSlashesQuestionMarksAndAtSignsIsReadWholeAndMasked() {
        ConnectionString cs = ConnectionString.parse("postgresql://app:ab/c?d#e@f+g@db.internal:5432/app?sslmode=require");
        assertThat(cs.user()).contains("app");
        assertThat(cs.password()).contains("ab/c?d#e@f+g");
        assertThat(cs.hosts()).isEqualTo("db.internal:5432");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/app?sslmode=require");
        assertThat(ConnectionString.mask("DATABASE_URL=postgresql://app:ab/c?d#e@f+g@db:5432/app"))
                .isEqualTo("DATABASE_URL=postgresql://app:***@db:5432/app");
    }

    @Test
    void maskHidesPasswordsInUserInfoAndParameters() {
        assertThat(ConnectionString.mask("x postgresql://u:pw@h/d and jdbc:postgresql://h/d?user=u&password=pw2 y"))
                .isEqualTo("x postgresql://u:***@h/d and jdbc:postgresql://h/d?user=u&password=*** y");
    }
}
