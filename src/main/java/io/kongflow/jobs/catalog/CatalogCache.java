package io.kongflow.jobs.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kongflow.jobs.config.KongflowConfig;
import io.kongflow.jobs.persistence.CatalogChanges;
import io.kongflow.jobs.tenancy.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Reads of the catalog answered from memory while nothing changed. An entry is kept with the
 * generation its project had ({@link CatalogChanges}) before the database was read, and served only
 * while the project still has that generation: a change committed during the read makes the read
 * not kept, and any later change makes the entry unused. Nothing is served or kept while changes
 * might be missed (LISTEN down). Not-found answers are never kept.
 *
 * <p>Only the read API uses it; writes, run creation and execution always read the database.
 */
@ApplicationScoped
public class CatalogCache {

    /** One read of the caller's catalog: what it reads and its arguments. */
    private record Key(String read, UUID projectId, UUID environmentId, String first, String second) {}

    private record Entry(long generation, Object value) {}

    private final boolean enabled;
    private final Cache<Key, Entry> entries;
    private final CatalogChanges changes;
    private final Counter hits;
    private final Counter misses;
    private final Counter bypasses;

    CatalogCache(KongflowConfig config, CatalogChanges changes, MeterRegistry registry) {
        KongflowConfig.CatalogCache settings = config.catalogCache();
        this.enabled = settings.enabled();
        this.changes = changes;
        this.entries = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfterWrite(settings.expireAfterWrite())
                .build();
        this.hits = reads(registry, "hit");
        this.misses = reads(registry, "miss");
        this.bypasses = reads(registry, "bypass");
        Gauge.builder("kongflow.catalog.cache.entries", entries, Cache::estimatedSize)
                .description("Reads the catalog cache holds")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            changes.listen();
        }
    }

    /** {@code load}'s answer for this read of the caller's catalog, from memory when still current. */
    @SuppressWarnings("unchecked")
    <T> Uni<T> read(Caller caller, String read, String first, String second, Supplier<Uni<T>> load) {
        if (!enabled || !changes.tracked()) {
            bypasses.increment();
            return load.get();
        }
        UUID projectId = caller.projectId();
        Key key = new Key(read, projectId, caller.environmentId(), first, second);
        long generation = changes.generation(projectId);
        Entry entry = entries.getIfPresent(key);
        if (entry != null && entry.generation() == generation) {
            hits.increment();
            return Uni.createFrom().item((T) entry.value());
        }
        misses.increment();
        return load.get().invoke(value -> {
            if (value != null && changes.tracked() && changes.generation(projectId) == generation) {
                entries.put(key, new Entry(generation, value));
            }
        });
    }

    private static Counter reads(MeterRegistry registry, String result) {
        return Counter.builder("kongflow.catalog.cache.reads")
                .description("Reads of jobs, versions and aliases by result: hit (from memory), miss (from the "
                        + "database, then kept), bypass (from the database while changes may be missed)")
                .tag("result", result)
                .register(registry);
    }
}
