/**
 * DPoP replay protection shared by every instance of an API, over a JSR-107 (JCache) distributed cache:
 * {@link dev.jaxrsoauth.jcache.JCacheReplayCache}.
 *
 * @since 0.1.0
 */
package dev.jaxrsoauth.jcache;
