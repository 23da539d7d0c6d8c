package dk.rehab.adapter.store;

import ca.uhn.fhir.context.FhirContext;
import dk.rehab.adapter.fhir.CompactJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Versioned storage of FHIR resources as JSON: the current version in {@code resource}, every version in
 * {@code resource_history}. It only persists; rules and the projections that searches use live in each
 * capability's service. Callers run it inside their own transaction.
 */
@Repository
public class ResourceStore {
    private static final RowMapper<StoredResource> ROW = ResourceStore::row;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final FhirContext fhir;
    private final CompactJson compact;
    private final org.springframework.beans.factory.ObjectProvider<ResourceWriteListener> listeners;

    public ResourceStore(JdbcTemplate jdbc, FhirContext fhir, org.springframework.beans.factory.ObjectProvider<ResourceWriteListener> listeners) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.fhir = fhir;
        this.compact = new CompactJson(fhir);
        this.listeners = listeners;
    }

    /** A new resource id: time-ordered ({@link TimeOrderedIds}), so that inserts append to the id indexes. */
    public static String newId() {
        return TimeOrderedIds.next();
    }

    /** Stores {@code resource} as version 1 under its id (assigning one when it has none). */
    public <T extends Resource> T create(T resource) {
        if (!resource.hasIdElement() || resource.getIdElement().getIdPart() == null) {
            resource.setId(newId());
        }
        String type = resource.fhirType();
        String id = resource.getIdElement().getIdPart();
        Instant now = now();
        stamp(resource, id, 1, now);
        String json = encode(resource);
        history(type, id, 1, now, "POST", json);
        jdbc.update("insert into resource (res_type, res_id, version, last_updated) values (?,?,?,?)", type, id, 1, utc(now));
        notify(resource);
        return resource;
    }

    /**
     * A new resource stamped as version 1 and encoded ({@link #prepare}), ready for {@link #insertNew}: its JSON only,
     * so that a batch waiting to be stored holds no object model.
     */
    public record Encoded(String type, String id, Instant at, String json) {
    }

    /**
     * Stamps {@code resource} as version 1 under its id (assigning one when it has none) at the current time, and
     * encodes it. Touches no table: any thread may prepare; {@link #insertNew} stores it in the caller's transaction.
     */
    public Encoded prepare(Resource resource) {
        return prepare(resource, false);
    }

    /**
     * {@link #prepare}, encoded with {@link CompactJson} where it can (the same text as HAPI's, at a fraction of the
     * CPU; HAPI where it cannot): for the many resources a job builds itself, such as the KL Gateway reports.
     */
    public Encoded prepareCompact(Resource resource) {
        return prepare(resource, true);
    }

    private Encoded prepare(Resource resource, boolean compactly) {
        if (!resource.hasIdElement() || resource.getIdElement().getIdPart() == null) {
            resource.setId(newId());
        }
        String id = resource.getIdElement().getIdPart();
        Instant now = now();
        stamp(resource, id, 1, now);
        String json = compactly ? compact.encode(resource).orElseGet(() -> encode(resource)) : encode(resource);
        return new Encoded(resource.fhirType(), id, now, json);
    }

    /**
     * Stores each of {@code resources} ({@link #prepare}d) as version 1, as {@link #create} does, with one batched
     * statement per table instead of two statements per resource.
     */
    public void insertNew(List<Encoded> resources) {
        if (resources.isEmpty()) {
            return;
        }
        List<Object[]> history = new ArrayList<>(resources.size());
        List<Object[]> current = new ArrayList<>(resources.size());
        for (Encoded r : resources) {
            OffsetDateTime at = utc(r.at());
            history.add(new Object[] {r.type(), r.id(), 1, at, "POST", r.json()});
            current.add(new Object[] {r.type(), r.id(), 1, at});
        }
        jdbc.batchUpdate("insert into resource_history (res_type, res_id, version, last_updated, method, content) values (?,?,?,?,?,?)", history);
        jdbc.batchUpdate("insert into resource (res_type, res_id, version, last_updated) values (?,?,?,?)", current);
        resources.forEach(r -> notify(r.type(), r.id(), r.json()));
    }

    /**
     * {@link #create} of many resources: {@link #prepareCompact} each (many resources the adapter builds itself, such as
     * the Tasks of a KL delivery's outbox rows), {@link #insertNew} them.
     */
    public void createMany(List<? extends Resource> resources) {
        insertNew(resources.stream().map(this::prepareCompact).toList());
    }

    /**
     * Stores {@code resource} as the version after {@code currentVersion}. Returns empty when someone else
     * stored another version meanwhile (the caller answers with a version conflict).
     */
    public <T extends Resource> Optional<T> update(T resource, int currentVersion) {
        String type = resource.fhirType();
        String id = resource.getIdElement().getIdPart();
        int next = currentVersion + 1;
        Instant now = now();
        stamp(resource, id, next, now);
        String json = encode(resource);
        int rows = jdbc.update("update resource set version = ?, last_updated = ? "
                + "where res_type = ? and res_id = ? and version = ?", next, utc(now), type, id, currentVersion);
        if (rows == 0) {
            return Optional.empty();
        }
        history(type, id, next, now, "PUT", json);
        notify(resource);
        return Optional.of(resource);
    }

    private volatile List<ResourceWriteListener> resolved;

    private List<ResourceWriteListener> listeners() {
        List<ResourceWriteListener> all = resolved;
        if (all == null) {
            all = listeners.orderedStream().toList();
            resolved = all;
        }
        return all;
    }

    private void notify(Resource resource) {
        for (ResourceWriteListener listener : listeners()) {
            listener.written(resource);
        }
    }

    private void notify(String type, String id, String json) {
        for (ResourceWriteListener listener : listeners()) {
            listener.written(type, id, json);
        }
    }

    /** Selects the current version of resources, with its JSON: {@code CURRENT + " where r.res_type = ? …"}. */
    public static final String CURRENT = "select h.res_type, h.res_id, h.version, h.last_updated, h.method, h.content from resource r "
            + "join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version";

    /** Whether the database is PostgreSQL: asked on first use, not when the bean is made (a tool context opens no database). */
    private volatile Boolean postgres;

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = Databases.isPostgres(jdbc.getDataSource());
            postgres = known;
        }
        return known;
    }

    /** The current version of a resource that exists (the caller knows it does), parsed. */
    public <T extends Resource> T read(Class<T> type, String id) {
        return parse(current(type.getSimpleName(), id).orElseThrow(), type);
    }

    /** The current version: the newest in the history (versions only grow; nothing is deleted). */
    public Optional<StoredResource> current(String type, String id) {
        return jdbc.query("select res_type, res_id, version, last_updated, method, content from resource_history "
                + "where res_type = ? and res_id = ? order by version desc limit 1", ROW, type, id).stream().findFirst();
    }

    /** The current version, locked until the transaction ends (serialises concurrent updates of one resource). */
    public Optional<StoredResource> currentForUpdate(String type, String id) {
        Optional<Integer> version = lock(type, id);
        return version.isEmpty() ? Optional.empty() : version(type, id, version.get());
    }

    /** Locks resource {@code type/id} until the transaction ends, reading nothing of it but its current version. */
    public Optional<Integer> lock(String type, String id) {
        return jdbc.queryForList("select version from resource where res_type = ? and res_id = ? for update", Integer.class, type, id)
                .stream().findFirst();
    }

    public boolean exists(String type, String id) {
        Integer n = jdbc.queryForObject("select count(*) from resource where res_type = ? and res_id = ?",
                Integer.class, type, id);
        return n != null && n > 0;
    }

    public Optional<StoredResource> version(String type, String id, int version) {
        return jdbc.query("select res_type, res_id, version, last_updated, method, content from resource_history "
                + "where res_type = ? and res_id = ? and version = ?", ROW, type, id, version).stream().findFirst();
    }

    /** Every version, newest first. */
    public List<StoredResource> history(String type, String id) {
        return jdbc.query("select res_type, res_id, version, last_updated, method, content from resource_history "
                + "where res_type = ? and res_id = ? order by version desc", ROW, type, id);
    }

    /**
     * {@link #currentMany} on H2: the ids as a table joined to the primary key, one lookup each. H2 uses the key
     * (res_type, res_id) for {@code res_type = ?} only when the ids come as {@code = any(?)} or an in-list, and filters
     * every resource of the type: a page of search results cost a scan of all the type's resources.
     */
    private static final String CURRENT_MANY_H2 = "select h.res_type, h.res_id, h.version, h.last_updated, h.method, h.content "
            + "from table(x varchar = :ids) t join resource r on r.res_type = :type and r.res_id = t.x "
            + "join resource_history h on h.res_type = r.res_type and h.res_id = r.res_id and h.version = r.version";


    /** The current versions of the given ids, in no particular order; ids that do not exist are skipped. */
    public List<StoredResource> currentMany(String type, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return named.query(postgres() ? CURRENT + " where r.res_type = :type and r.res_id = any(:ids)" : CURRENT_MANY_H2,
                new MapSqlParameterSource("type", type).addValue("ids", IdArray.of(new java.util.LinkedHashSet<>(ids))), ROW);
    }

    /** Writes the identifier index of a new resource (for identifier searches). */
    public void indexIdentifiers(String type, String id, List<Identifier> identifiers) {
        insertIdentifiers(type, id, identifiers);
    }

    /** Replaces the identifier index of a resource that has a new version. */
    public void reindexIdentifiers(String type, String id, List<Identifier> identifiers) {
        jdbc.update("delete from resource_identifier where res_type = ? and res_id = ?", type, id);
        insertIdentifiers(type, id, identifiers);
    }

    private void insertIdentifiers(String type, String id, List<Identifier> identifiers) {
        List<Object[]> rows = new ArrayList<>();
        for (Identifier identifier : identifiers) {
            if (identifier.hasValue()) {
                rows.add(new Object[] {type, id, identifier.hasSystem() ? identifier.getSystem() : "", identifier.getValue()});
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("insert into resource_identifier (res_type, res_id, id_system, id_value) values (?,?,?,?)", rows);
        }
    }

    public <T extends Resource> T parse(StoredResource stored, Class<T> type) {
        return fhir.newJsonParser().parseResource(type, stored.json());
    }

    private void history(String type, String id, int version, Instant at, String method, String json) {
        jdbc.update("insert into resource_history (res_type, res_id, version, last_updated, method, content) "
                + "values (?,?,?,?,?,?)", type, id, version, utc(at), method, json);
    }

    private static void stamp(Resource resource, String id, int version, Instant at) {
        resource.setId(resource.fhirType() + "/" + id + "/_history/" + version);
        resource.getMeta().setVersionId(String.valueOf(version));
        resource.getMeta().setLastUpdated(java.util.Date.from(at));
    }

    private String encode(Resource resource) {
        return fhir.newJsonParser().encodeResourceToString(resource);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static StoredResource row(ResultSet rs, int n) throws SQLException {
        return new StoredResource(rs.getString(1), rs.getString(2), rs.getInt(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6));
    }
}
