package dk.rehab.adapter.transfer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code transfer} table: one row per transferred plan, with the message forwarded. */
@Repository
public class Transfers {
    private final JdbcTemplate jdbc;

    public Transfers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One transfer: the forwarded message's id, the plan, the course closed (or null), its delivery Task, why and to whom. */
    public record Transfer(String messageId, String planId, String courseId, String taskId, String reason, String receiverKind,
                           String receiverId, String message, Instant created) {
    }

    public void insert(Transfer t) {
        jdbc.update("insert into transfer (message_id, plan_id, course_id, task_id, reason, receiver_kind, receiver_id, message, created) "
                        + "values (?,?,?,?,?,?,?,?,?)", t.messageId(), t.planId(), t.courseId(), t.taskId(), t.reason(), t.receiverKind(),
                t.receiverId(), t.message(), t.created().atOffset(ZoneOffset.UTC));
    }

    /** The Task of the plan's transfer, if the plan was transferred. */
    public Optional<String> taskOfPlan(String planId) {
        return jdbc.queryForList("select task_id from transfer where plan_id = ?", String.class, planId).stream().findFirst();
    }

    /** The message a delivery Task forwards. */
    public Optional<String> messageOfTask(String taskId) {
        return jdbc.queryForList("select message from transfer where task_id = ?", String.class, taskId).stream().findFirst();
    }
}
