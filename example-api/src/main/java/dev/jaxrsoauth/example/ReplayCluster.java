package dev.jaxrsoauth.example;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import dev.jaxrsoauth.ReplayCache;
import dev.jaxrsoauth.jcache.JCacheReplayCache;

import javax.cache.CacheManager;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The example's shared DPoP replay protection: an embedded Hazelcast member that joins the other instances'
 * members by TCP/IP ({@code OAUTH_REPLAY_MEMBERS}), listens on {@code HOST} and {@code OAUTH_REPLAY_PORT} only (no
 * multicast, no cloud discovery, no phone-home), and serves one JCache cache to {@link JCacheReplayCache}. In your own
 * deployment, use the distributed cache you already run: any JCache provider serves.
 */
final class ReplayCluster implements AutoCloseable {

    /** The cache every instance shares; its entries outlive an accepted proof (2 min) plus twice the skew (1 min). */
    static final String CACHE = "jaxrs-oauth-dpop-proofs";
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final HazelcastInstance member;
    private final CacheManager manager;

    private ReplayCluster(HazelcastInstance member) {
        this.member = member;
        // a provider per member: the cache manager of this member, not a client's
        this.manager = new HazelcastMemberCachingProvider().getCacheManager(null, null,
                HazelcastCachingProvider.propertiesByInstanceItself(member));
    }

    /**
     * Starts this instance's member and joins the others that are up.
     *
     * @param host the one IPv4 interface to listen on (never a wildcard: members do not authenticate each other)
     * @param port this member's port
     * @param members every member's {@code host:port}, this one's included or not
     * @return the running member
     */
    static ReplayCluster start(InetAddress host, int port, List<String> members) {
        if (host instanceof java.net.Inet6Address || host.isAnyLocalAddress()) {
            // Hazelcast prefers the IPv4 stack, and its member takes unauthenticated connections: one IPv4 interface
            throw new IllegalArgumentException("the replay member needs one IPv4 interface, got " + host.getHostAddress());
        }
        Logger hazelcast = Logger.getLogger("com.hazelcast");
        if (hazelcast.getLevel() == null) {
            // Hazelcast's start-up banner and member lists are many lines at INFO; keep the example's log readable
            hazelcast.setLevel(Level.WARNING);
        }
        Config config = new Config().setClusterName("jaxrs-oauth-replay");
        config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "jdk");
        config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        // the example's own shutdown hook stops the member after the HTTP server
        config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
        network.getInterfaces().setEnabled(true).addInterface(host.getHostAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        return new ReplayCluster(Hazelcast.newHazelcastInstance(config));
    }

    /** @return the replay cache every member shares */
    ReplayCache replayCache() {
        return JCacheReplayCache.create(manager, CACHE, LIFETIME);
    }

    /** @return how many members this one sees, itself included */
    int size() {
        return member.getCluster().getMembers().size();
    }

    @Override
    public void close() {
        manager.close();
        member.shutdown();
    }
}
