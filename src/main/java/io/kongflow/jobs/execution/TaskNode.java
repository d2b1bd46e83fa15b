package io.kongflow.jobs.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.execution.RunStateViews.RunTask;
import io.kongflow.jobs.persistence.Rows;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A task row of a getRun page, and the page turned into a tree of subtasks. */
record TaskNode(String id, String parentId, RunTask task) {

    static TaskNode from(Row row, ObjectMapper json, boolean details) {
        String output = row.getString("output");
        JsonNode shown = !details || row.getBoolean("output_is_undefined")
                ? null
                : output == null ? json.nullNode() : TaskRows.parse(json, output);
        return new TaskNode(
                row.getUUID("id").toString(),
                row.getUUID("parent_id") == null
                        ? null
                        : row.getUUID("parent_id").toString(),
                new RunTask(
                        row.getUUID("id").toString(),
                        row.getString("display_key"),
                        row.getString("status"),
                        row.getString("name"),
                        row.getString("icon"),
                        TaskRows.iso(Rows.instant(row, "started_at")),
                        TaskRows.iso(Rows.instant(row, "completed_at")),
                        details ? TaskRows.parse(json, row.getString("params")) : null,
                        shown,
                        details ? TaskRows.parse(json, row.getString("properties")) : null,
                        details ? row.getString("error") : null,
                        null));
    }

    /**
     * The page's tasks in execution order; with {@code nest}, each under its parent (a child whose
     * parent is not on the page stays at the top).
     */
    static List<RunTask> tree(List<TaskNode> page, boolean nest) {
        if (!nest) {
            return page.stream().map(TaskNode::task).toList();
        }
        Map<String, List<TaskNode>> children = new LinkedHashMap<>();
        Map<String, TaskNode> byId = new LinkedHashMap<>();
        page.forEach(node -> byId.put(node.id(), node));
        List<TaskNode> roots = new ArrayList<>();
        for (TaskNode node : page) {
            if (node.parentId() != null && byId.containsKey(node.parentId())) {
                children.computeIfAbsent(node.parentId(), ignored -> new ArrayList<>())
                        .add(node);
            } else {
                roots.add(node);
            }
        }
        return roots.stream().map(root -> nested(root, children)).toList();
    }

    private static RunTask nested(TaskNode node, Map<String, List<TaskNode>> children) {
        RunTask task = node.task();
        List<RunTask> subtasks = children.getOrDefault(node.id(), List.of()).stream()
                .map(child -> nested(child, children))
                .toList();
        return new RunTask(
                task.id(),
                task.displayKey(),
                task.status(),
                task.name(),
                task.icon(),
                task.startedAt(),
                task.completedAt(),
                task.params(),
                task.output(),
                task.properties(),
                task.error(),
                subtasks.isEmpty() ? null : subtasks);
    }
}
