package dev.fleetway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fleetway.FleetwayException;

class TenantsFileEditorTest {
    private static final String SOURCE = "tenants file t.yaml";

    private static Map<String, Object> url(String url) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", url);
        return fields;
    }

    @Test
    void aTenantIsAddedAsOneLineAfterTheLastOfABlockMappingKeepingCommentsAndStyle() {
        String text = """
                # our tenants
                tenants:
                  acme: {url: jdbc:postgresql://db:5432/tenant_acme}   # the first
                  globex:
                    schema: tenant_globex
                    labels: {region: eu}

                # keep this comment at the end
                """;
        String added = TenantsFileEditor.added(text, "initech", url("jdbc:postgresql://db:5432/t?sslmode=require"), SOURCE);
        assertThat(added).isEqualTo("""
                # our tenants
                tenants:
                  acme: {url: jdbc:postgresql://db:5432/tenant_acme}   # the first
                  globex:
                    schema: tenant_globex
                    labels: {region: eu}
                  "initech": {"url": "jdbc:postgresql://db:5432/t?sslmode=require"}

                # keep this comment at the end
                """);
        assertThat(TenantsFile.parse(added, SOURCE)).extracting(TenantSpec::id).containsExactly("acme", "globex", "initech");
    }

    @Test
    void anEmptyFlowMappingAndAJsonFileGetAJsonEntry() {
        assertThat(TenantsFileEditor.added("tenants: {}\n", "t1", url("u"), SOURCE))
                .isEqualTo("tenants: {\"t1\": {\"url\": \"u\"}}\n");
        assertThat(TenantsFileEditor.added("{\"tenants\": {\"a\": {\"schema\": \"s\"}}}", "t1", url("u"), SOURCE))
                .isEqualTo("{\"tenants\": {\"a\": {\"schema\": \"s\"}, \"t1\": {\"url\": \"u\"}}}");
        assertThat(TenantsFileEditor.added("tenants: {a: {schema: s},\n}\n", "t1", url("u"), SOURCE))
                .isEqualTo("tenants: {a: {schema: s}, \"t1\": {\"url\": \"u\"}\n}\n");
    }

    @Test
    void anEmptyFileANullMappingAndTheFleetwayShapeEachGetTheTenantWhereTheReaderLooks() {
        assertThat(TenantsFileEditor.added("", "t1", url("u"), SOURCE)).isEqualTo("tenants:\n  \"t1\": {\"url\": \"u\"}\n");
        assertThat(TenantsFileEditor.added("# none yet\n", "t1", url("u"), SOURCE))
                .isEqualTo("# none yet\ntenants:\n  \"t1\": {\"url\": \"u\"}\n");
        assertThat(TenantsFileEditor.added("tenants:   # none yet\n", "t1", url("u"), SOURCE))
                .isEqualTo("tenants: {\"t1\": {\"url\": \"u\"}}   # none yet\n");
        assertThat(TenantsFileEditor.added("tenants: ~\nother: 1\n", "t1", url("u"), SOURCE))
                .isEqualTo("tenants: {\"t1\": {\"url\": \"u\"}}\nother: 1\n");
        String nested = TenantsFileEditor.added("fleetway:\n  tenants:\n    a: {schema: s}\n", "t1", url("u"), SOURCE);
        assertThat(nested).isEqualTo("fleetway:\n  tenants:\n    a: {schema: s}\n    \"t1\": {\"url\": \"u\"}\n");
        assertThat(TenantsFileEditor.added("a: {schema: s}", "t1", url("u"), SOURCE))
                .isEqualTo("a: {schema: s}\n\"t1\": {\"url\": \"u\"}\n");
    }

    @Test
    void labelsAndValuesThatYamlWouldReadAsOtherTypesAreQuoted() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("schema", "yes");
        fields.put("labels", new java.util.TreeMap<>(Map.of("plan", "no", "tier", "1.0", "quote", "a\"b")));
        String added = TenantsFileEditor.added("tenants: {}\n", "on", fields, SOURCE);
        TenantSpec spec = TenantsFile.parse(added, SOURCE).get(0);
        assertThat(spec.id()).isEqualTo("on");
        assertThat(spec.schema()).contains("yes");
        assertThat(spec.labels()).isEqualTo(Map.of("plan", "no", "tier", "1.0", "quote", "a\"b"));
    }

    @Test
    void aTenantIsRemovedWithItsLinesOrItsFlowEntryAndNothingElse() {
        String block = """
                tenants:
                  acme: {url: a}
                  # globex moves soon
                  globex:
                    schema: g
                    labels: {region: eu}
                  initech: {url: i}
                """;
        assertThat(TenantsFileEditor.removed(block, "globex", SOURCE)).isEqualTo("""
                tenants:
                  acme: {url: a}
                  # globex moves soon
                  initech: {url: i}
                """);
        assertThat(TenantsFileEditor.removed(block, "initech", SOURCE)).isEqualTo("""
                tenants:
                  acme: {url: a}
                  # globex moves soon
                  globex:
                    schema: g
                    labels: {region: eu}
                """);
        assertThat(TenantsFileEditor.removed("tenants: {\"a\": {\"url\": \"x\"}, \"b\": {\"url\": \"y\"}}\n", "a", SOURCE))
                .isEqualTo("tenants: {\"b\": {\"url\": \"y\"}}\n");
        assertThat(TenantsFileEditor.removed("tenants: {\"a\": {\"url\": \"x\"}, \"b\": {\"url\": \"y\"}}\n", "b", SOURCE))
                .isEqualTo("tenants: {\"a\": {\"url\": \"x\"}}\n");
        assertThat(TenantsFileEditor.removed("tenants: {\"a\": {\"url\": \"x\"}}\n", "a", SOURCE)).isEqualTo("tenants: {}\n");
    }

    @Test
    void theFileIsRewrittenWithItsPermissionsAndATenantGivenTwiceOrUnknownChangesNothing(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("tenants.yaml");
        Files.writeString(file, "tenants:\n  a: {url: x}\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        TenantsFileEditor.add(file, "b", url("y"));
        assertThat(Files.readString(file)).isEqualTo("tenants:\n  a: {url: x}\n  \"b\": {\"url\": \"y\"}\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
        assertThatThrownBy(() -> TenantsFileEditor.add(file, "a", url("z"))).isInstanceOf(FleetwayException.class)
                .hasMessageContaining("already has tenant 'a'");
        assertThat(TenantsFileEditor.remove(file, "nobody")).isFalse();
        assertThat(TenantsFileEditor.remove(file, "a")).isTrue();
        assertThat(Files.readString(file)).isEqualTo("tenants:\n  \"b\": {\"url\": \"y\"}\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("tenants.yaml");
        }
    }

    @Test
    void aFileThatCannotBeChangedSafelyIsLeftAsItIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tenants.yaml");
        String text = "tenants: {a: {url: x} # a comment inside the flow mapping\n}\n";
        Files.writeString(file, text);
        assertThatThrownBy(() -> TenantsFileEditor.add(file, "b", url("y"))).isInstanceOf(FleetwayException.class)
                .hasMessageContaining("could not change the file safely").hasMessageContaining("edit it by hand");
        assertThat(Files.readString(file)).isEqualTo(text);
        assertThat(List.of(dir.toFile().list())).containsExactly("tenants.yaml");
    }
}
