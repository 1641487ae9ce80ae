package dev.jaxrsoauth.jcache;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.jaxrsoauth.AuthorizationServerException;
import dev.jaxrsoauth.InvalidTokenException;
import dev.jaxrsoauth.JwtValidator;
import dev.jaxrsoauth.TokenRequest;
import dev.jaxrsoauth.testing.DpopProof;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.SigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.cache.CacheManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two Hazelcast members on loopback, each an API instance: a proof one accepted, the other refuses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JCacheReplayCacheTest {

    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final URI URL = URI.create("https://api.example.com/api/data");

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<CacheManager> managers = new ArrayList<>();

    @BeforeAll
    void startTwoMembers() throws IOException {
        int[] ports = {freePort(), freePort()};
        String cluster = "jaxrs-oauth-test-" + UUID.randomUUID();
        for (int port : ports) {
            Config config = new Config().setClusterName(cluster);
            config.setProperty("hazelcast.phone.home.enabled", "false");
            config.setProperty("hazelcast.logging.type", "jdk");
            // loopback only: without this Hazelcast binds every interface
            config.setProperty("hazelcast.socket.bind.any", "false");
            config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            JoinConfig join = config.getNetworkConfig().getJoin();
            join.getMulticastConfig().setEnabled(false);
            join.getAutoDetectionConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + ports[0]).addMember("127.0.0.1:" + ports[1]);
            HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
            members.add(member);
            // a provider of its own per member (as each API instance in its own JVM has), the default URI on each
            managers.add(new HazelcastMemberCachingProvider().getCacheManager(null, null,
                    HazelcastCachingProvider.propertiesByInstanceItself(member)));
        }
        assertThat(members.get(0).getCluster().getMembers()).hasSize(2);
    }

    @AfterAll
    void stop() {
        managers.forEach(CacheManager::close);
        members.forEach(HazelcastInstance::shutdown);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private JCacheReplayCache cache(int member, String name) {
        return JCacheReplayCache.create(managers.get(member), name, LIFETIME);
    }

    @Test
    void aKeyRecordedOnOneMemberIsSeenOnTheOther() {
        String name = "seen-" + UUID.randomUUID();
        assertThat(cache(0, name).firstUse("proof-1", Duration.ofMinutes(4))).isTrue();
        assertThat(cache(1, name).firstUse("proof-1", Duration.ofMinutes(4))).isFalse();
        assertThat(cache(1, name).firstUse("proof-2", Duration.ofMinutes(4))).isTrue();
    }

    @Test
    void theSameKeyFromEightThreadsOnTwoMembersWinsExactlyOnce() throws Exception {
        String name = "race-" + UUID.randomUUID();
        JCacheReplayCache first = cache(0, name);
        JCacheReplayCache second = cache(1, name);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                JCacheReplayCache replay = i % 2 == 0 ? first : second;
                results.add(pool.submit(() -> {
                    start.await();
                    return replay.firstUse("the-proof", Duration.ofMinutes(4));
                }));
            }
            start.countDown();
            int firstUses = 0;
            for (Future<Boolean> result : results) {
                firstUses += result.get(20, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(firstUses).isOne();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCacheThatForgetsTooSoonFailsClosed() {
        JCacheReplayCache shortLived = JCacheReplayCache.create(managers.get(0), "short-" + UUID.randomUUID(), Duration.ofMinutes(1));
        assertThatThrownBy(() -> shortLived.firstUse("proof", Duration.ofMinutes(4))).isInstanceOf(AuthorizationServerException.class)
                .hasMessage(AuthorizationServerException.MESSAGE);
    }

    @Test
    void twoApiInstancesSharingTheCacheRefuseAProofTheOtherAccepted() {
        try (MockAuthorizationServer as = MockAuthorizationServer.start()) {
            String name = "fleet-" + UUID.randomUUID();
            JwtValidator one = JwtValidator.builder().issuer(as.issuer()).audience("api").dpopReplayCache(cache(0, name)).build();
            JwtValidator two = JwtValidator.builder().issuer(as.issuer()).audience("api").dpopReplayCache(cache(1, name)).build();
            SigningKey client = SigningKey.generate("client", "ES256");
            String token = as.token().dpopBound(client).sign();
            String proof = DpopProof.create(client, "GET", URL, Instant.now()).accessToken(token).sign();
            TokenRequest request = TokenRequest.builder(TokenRequest.Scheme.DPOP, token).method("GET").uri(URL)
                    .headers(header -> List.of(proof)).build();
            assertThat(one.validate(request)).isNotNull();
            assertThatThrownBy(() -> two.validate(request)).isInstanceOfSatisfying(InvalidTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.DPOP_PROOF));
        }
    }

    @Test
    void fortyThousandProofsDoNotPushOutTheFirstOnes() {
        // Hazelcast's JCache default would keep 10,000 and forget the rest: every one of these would pass again
        String name = "volume-" + UUID.randomUUID();
        JCacheReplayCache one = cache(0, name);
        JCacheReplayCache two = cache(1, name);
        for (int i = 0; i < 40_000; i++) {
            assertThat((i % 2 == 0 ? one : two).firstUse("proof-" + i, Duration.ofMinutes(4))).isTrue();
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat((i % 2 == 0 ? two : one).firstUse("proof-" + i, Duration.ofMinutes(4))).as("proof-" + i).isFalse();
        }
    }

    @Test
    void anExistingCacheThatEvictsOrExpiresTooSoonIsRefusedAtStart() {
        String evicting = "evicting-" + UUID.randomUUID();
        CacheManager manager = managers.get(0);
        com.hazelcast.config.CacheConfig<String, Boolean> config = new com.hazelcast.config.CacheConfig<>(evicting);
        config.setTypes(String.class, Boolean.class);
        manager.createCache(evicting, config);
        assertThatThrownBy(() -> JCacheReplayCache.create(manager, evicting, LIFETIME)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("evicts (ENTRY_COUNT 10000)");

        String brief = "brief-" + UUID.randomUUID();
        javax.cache.Cache<String, Boolean> shortLived = manager.createCache(brief, new javax.cache.configuration.MutableConfiguration<String, Boolean>()
                .setTypes(String.class, Boolean.class)
                .setExpiryPolicyFactory(javax.cache.expiry.CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_MINUTE)));
        assertThatThrownBy(() -> JCacheReplayCache.of(shortLived, LIFETIME)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expires entries after 60000 ms");
    }
}
