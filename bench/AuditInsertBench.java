/*
 * The audit writer's inserts alone, on an embedded H2 file database (the server's URL settings), single-threaded, CPU
 * time per event (bench/RESULTS.md, 3 December 2026 evening): N read events in batches (one commit per batch), each with
 * its Patient and resource in the entity index. Variants: pk (V7's audit_entity, primary key (reference, recorded,
 * event_id)), idx (V21: a plain index on (reference, event_id)); a "noent" or "noidx" in the name leaves out the entity
 * rows or audit_event's four secondary indexes, to see what each costs.
 *
 *   java -cp ~/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar bench/AuditInsertBench.java idx [";PAGE_SIZE=2048"]
 *   options: -Drefs=10000 (Patients and plans read) -Dbatch=200 -Dwarm=60000 -Dn=60000
 */
import java.sql.*; import java.util.*; import java.lang.management.*;
public class AuditInsertBench {
  public static void main(String[] a) throws Exception {
    String variant = a[0]; String opts = a.length > 1 ? a[1] : "";
    String dir = System.getProperty("java.io.tmpdir") + "/audit-insert-bench-" + variant + "-" + System.nanoTime();
    Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir + "/x;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CACHE_SIZE=16384;WRITE_DELAY=0" + opts, "sa", "");
    Statement s = c.createStatement();
    s.execute("create table audit_event (id varchar(64) not null primary key, recorded timestamp with time zone not null, type_code varchar(16) not null, subtype varchar(32), action char(1) not null, outcome varchar(2) not null, agent_org varchar(255), agent_client varchar(255), content varchar, client_kind varchar(32), outcome_desc varchar(255), address varchar(255), request varchar, query_text varchar, entities varchar, source_id varchar(255))");
    if (!variant.contains("noidx")) { s.execute("create index i1 on audit_event (recorded)"); s.execute("create index i2 on audit_event (agent_org, recorded)");
    s.execute("create index i3 on audit_event (agent_client, recorded)"); s.execute("create index i4 on audit_event (outcome, recorded)"); }
    boolean pk = variant.startsWith("pk");
    if (pk) s.execute("create table audit_entity (reference varchar(255) not null, recorded timestamp with time zone not null, event_id varchar(64) not null, primary key (reference, recorded, event_id))");
    else { s.execute("create table audit_entity (reference varchar(255) not null, event_id varchar(64) not null)"); s.execute("create index ie on audit_entity (reference, event_id)"); }
    c.setAutoCommit(false);
    Random r = new Random(1); int refs = Integer.parseInt(System.getProperty("refs", "10000"));
    String[] pats = new String[refs], srs = new String[refs];
    for (int i = 0; i < refs; i++) { pats[i] = "Patient/" + UUID.randomUUID(); srs[i] = "ServiceRequest/" + UUID.randomUUID(); }
    long seq = 0; int batch = Integer.parseInt(System.getProperty("batch", "200"));
    int warm = Integer.parseInt(System.getProperty("warm", "60000")), measured = Integer.parseInt(System.getProperty("n", "60000"));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean(); long cpu0 = 0; long t0 = 0;
    PreparedStatement ev = c.prepareStatement("insert into audit_event (id, recorded, type_code, subtype, action, outcome, agent_org, agent_client, content, client_kind, outcome_desc, address, request, query_text, entities, source_id) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    PreparedStatement en = c.prepareStatement(pk ? "insert into audit_entity (reference, recorded, event_id) values (?,?,?)" : "insert into audit_entity (reference, event_id) values (?,?)");
    for (int done = 0; done < warm + measured; done += batch) {
      if (done == warm) { cpu0 = mx.getCurrentThreadCpuTime(); t0 = System.nanoTime(); }
      for (int k = 0; k < batch; k++) {
        String id = String.format("%016x-%08d", System.currentTimeMillis(), seq++);
        int p = r.nextInt(refs);
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
        ev.setString(1, id); ev.setObject(2, now); ev.setString(3, "rest"); ev.setString(4, "read"); ev.setString(5, "R"); ev.setString(6, "0");
        ev.setString(7, null); ev.setString(8, "benchmark-client"); ev.setString(9, null); ev.setString(10, "municipality"); ev.setString(11, "HTTP 200");
        ev.setString(12, "127.0.0.1"); ev.setString(13, "GET /fhir/" + srs[p]); ev.setString(14, null); ev.setString(15, pats[p] + " " + srs[p]); ev.setString(16, "rehab-fhir-adapter");
        ev.addBatch();
        if (!variant.contains("noent")) for (String ref : new String[] {pats[p], srs[p]}) { en.setString(1, ref); if (pk) { en.setObject(2, now); en.setString(3, id); } else en.setString(2, id); en.addBatch(); }
      }
      ev.executeBatch(); if (!variant.contains("noent")) en.executeBatch(); c.commit();
    }
    long cpu = mx.getCurrentThreadCpuTime() - cpu0; long wall = System.nanoTime() - t0;
    System.out.printf("%s%s refs=%d batch=%d: %.1f us CPU/event, %.1f us wall/event%n", variant, opts, refs, batch, cpu / 1e3 / measured, wall / 1e3 / measured);
    c.close();
    try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(dir))) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
