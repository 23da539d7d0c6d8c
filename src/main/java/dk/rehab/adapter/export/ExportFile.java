package dk.rehab.adapter.export;

/**
 * One output file of a job: the resources of {@code type} whose ids lie after {@code afterId} (exclusive) up to
 * {@code lastId} (inclusive), in the database's order of ids; {@code count} lines.
 */
public record ExportFile(String jobId, int number, String type, String afterId, String lastId, int count) {
}
