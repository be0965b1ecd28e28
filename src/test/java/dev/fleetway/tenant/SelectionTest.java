package dev.fleetway.tenant;

import dev.fleetway.db.ConnectionString;
import dev.fleetway.db.Credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.fleetway.FleetwayException;

class SelectionTest {
    private static Target target(String id) {
        return new Target(id, id.equals("default") ? Target.Kind.DEFAULT : Target.Kind.TENANT,
                ConnectionString.parse("jdbc:postgresql://h/" + id), "public", new Credentials("u", "p"),
                Optional.empty());
    }

    private static final Optional<Target> DEFAULT = Optional.of(target("default"));
    private static final List<Target> TENANTS = IntStream.range(0, 50).mapToObj(i -> target("t" + i)).toList();

    private static List<String> ids(List<Target> targets) {
        return targets.stream().map(Target::id).toList();
    }

    @Test
    void allSelectsTheDefaultDatabaseFirstThenEveryTenantAndExcludesAreRemoved() {
        Selection all = new Selection(List.of(), true, List.of("t3"), Optional.empty());
        List<String> ids = ids(all.apply(DEFAULT, TENANTS));
        assertThat(ids).hasSize(50).startsWith("default", "t0").doesNotContain("t3");
    }

    @Test
    void namedTenantsLeaveTheDefaultDatabaseOut() {
        Selection some = new Selection(List.of("t7", "t2"), false, List.of(), Optional.empty());
        assertThat(ids(some.apply(DEFAULT, TENANTS))).containsExactly("t2", "t7");
    }

    @Test
    void shardsAreDisjointAndTheirUnionIsTheSelection() {
        Set<String> union = new HashSet<>();
        int total = 0;
        for (int i = 0; i < 4; i++) {
            List<String> part = ids(new Selection(List.of(), true, List.of(), Optional.of(new Shard(i, 4)))
                    .apply(DEFAULT, TENANTS));
            total += part.size();
            union.addAll(part);
            assertThat(part).as("shard %d is not empty for 51 ids", i).isNotEmpty();
        }
        assertThat(total).isEqualTo(51);
        assertThat(union).hasSize(51);
    }

    @Test
    void aShardOrExcludeWithoutTenantsWorksOnTheWholeFleet() {
        List<String> shard = ids(new Selection(List.of(), false, List.of(), Optional.of(new Shard(0, 1)))
                .apply(DEFAULT, TENANTS));
        assertThat(shard).hasSize(51).startsWith("default");
        List<String> exclude = ids(new Selection(List.of(), false, List.of("t1"), Optional.empty())
                .apply(DEFAULT, TENANTS));
        assertThat(exclude).hasSize(50).doesNotContain("t1");
    }

    @Test
    void aTargetBelongsToTheShardCrc32OfItsIdModNWhateverElseIsInTheFleet() {
        // Written out by hand (zlib.crc32(id) % 4): an Indexed Job's pods must agree on this across versions.
        List<Target> ten = TENANTS.subList(0, 10);
        for (int i = 0; i < 4; i++) {
            Selection shard = new Selection(List.of(), true, List.of(), Optional.of(new Shard(i, 4)));
            assertThat(ids(shard.apply(DEFAULT, ten))).as("shard %d/4", i).isEqualTo(switch (i) {
                case 0 -> List.of("t4", "t6");
                case 1 -> List.of("t0", "t2", "t9");
                case 2 -> List.of("t5", "t7");
                default -> List.of("default", "t1", "t3", "t8");
            });
        }
        assertThat(new Shard(0, 4).contains("t4")).isTrue();
        assertThat(ids(new Selection(List.of(), true, List.of("t6"), Optional.of(new Shard(0, 4)))
                .apply(DEFAULT, ten))).as("removing another target moves nobody").containsExactly("t4");
    }

    @Test
    void badShardsAndUnknownIdsAreUsageErrors() {
        assertThatThrownBy(() -> Shard.parse("4/4")).isInstanceOf(FleetwayException.class)
                .hasMessageContaining("0 <= I < N");
        assertThatThrownBy(() -> Shard.parse("a/b")).hasMessageContaining("--shard 'a/b'");
        assertThat(Shard.parse("2/5")).isEqualTo(new Shard(2, 5));
        Selection unknown = new Selection(List.of("nope"), false, List.of(), Optional.empty());
        assertThatThrownBy(() -> unknown.apply(DEFAULT, TENANTS)).isInstanceOf(FleetwayException.class)
                .hasMessageContaining("unknown tenant 'nope'").hasMessageContaining("default, t0, t1")
                .hasMessageContaining("51 in all");
    }
}
