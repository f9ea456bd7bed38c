package dev.qsweep.spark;

import dev.qsweep.config.SettingsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.apache.spark.sql.execution.command.ExplainCommand;

/**
 * Keeps {@code qsweep sql} read-only: each statement is parsed by Spark's own parser (no session needed, so a refused
 * statement starts nothing) and only queries, SHOW, DESCRIBE and EXPLAIN of a query pass. Everything else — CREATE,
 * INSERT, DROP, ALTER, SET, CACHE, ADD JAR, USE, … — parses to a {@link Command} or an insert and is refused, as are
 * queries that run a shell command (TRANSFORM) or Java methods (reflect).
 */
public final class ReadOnlySql {
    /** SQL functions that call any Java method by reflection, e.g. one that creates a directory or sets a property. */
    private static final Set<String> JAVA_CALLS = Set.of("reflect", "java_method", "try_reflect");

    private ReadOnlySql() {
    }

    /**
     * Checks one statement.
     *
     * @throws SettingsException when it does not parse (with Spark's message) or is not a read-only statement
     */
    public static void check(String sql) {
        LogicalPlan plan;
        try {
            plan = new SparkSqlParser().parsePlan(sql);
        } catch (Exception e) { // Scala's ParseException is checked for javac, yet undeclared
            if (!(e instanceof ParseException parse)) {
                throw e;
            }
            throw new SettingsException("the query does not parse: " + parseMessage(parse)
                    + "\n  Views: trials, episodes, evals; quote the column return as `return`.");
        }
        Optional<String> change = change(plan);
        if (change.isPresent()) {
            throw new SettingsException("qsweep sql only reads: '" + firstWords(sql) + "' " + change.get()
                    + ", which could change tables, files or the session. Use SELECT, WITH, SHOW, DESCRIBE or EXPLAIN; "
                    + "to keep a result, copy it from the output or read the Parquet tables with Spark directly.");
        }
    }

    /**
     * What in a parsed plan could change something, if anything: a command other than SHOW / DESCRIBE (EXPLAIN is
     * judged by what it explains), an insert, a script transform (runs a shell command) or a call of Java methods by
     * reflection — anywhere in the tree, CTE definitions and subqueries included.
     */
    static Optional<String> change(LogicalPlan plan) {
        if (plan instanceof ExplainCommand explain) {
            return change(explain.logicalPlan());
        }
        String name = plan.getClass().getSimpleName();
        if (plan instanceof Command) {
            return name.startsWith("Show") || name.startsWith("Describe") ? Optional.empty()
                    : Optional.of("is a " + plan.nodeName() + " statement");
        }
        if (name.startsWith("Insert")) {
            return Optional.of("is an " + plan.nodeName() + " statement");
        }
        if (plan instanceof ScriptTransformation) {
            return Optional.of("runs a shell command (TRANSFORM … USING)");
        }
        for (Expression expression : ScalaCollections.toList(plan.expressions())) {
            Optional<String> call = javaCall(expression);
            if (call.isPresent()) {
                return call;
            }
        }
        List<Object> nested = new ArrayList<>(ScalaCollections.toList(plan.children()));
        nested.addAll(ScalaCollections.toList(plan.innerChildren())); // e.g. the definitions of a WITH
        for (Object child : nested) {
            Optional<String> inChild = child instanceof LogicalPlan childPlan ? change(childPlan) : Optional.empty();
            if (inChild.isPresent()) {
                return inChild;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> javaCall(Expression expression) {
        if (expression instanceof UnresolvedFunction function) {
            List<String> parts = ScalaCollections.toList(function.nameParts());
            String called = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
            if (JAVA_CALLS.contains(called)) {
                return Optional.of("calls Java methods (" + called + ")");
            }
        }
        if (expression instanceof SubqueryExpression subquery) {
            Optional<String> inQuery = change(subquery.plan());
            if (inQuery.isPresent()) {
                return inQuery;
            }
        }
        for (Expression child : ScalaCollections.toList(expression.children())) {
            Optional<String> call = javaCall(child);
            if (call.isPresent()) {
                return call;
            }
        }
        return Optional.empty();
    }

    /** Spark's message without its leading blank line, so the first line printed says what is wrong. */
    static String parseMessage(ParseException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        return message.isEmpty() ? e.getClass().getSimpleName() : message;
    }

    private static String firstWords(String sql) {
        String flat = sql.strip().replaceAll("\\s+", " ");
        return flat.length() <= 40 ? flat : flat.substring(0, 40) + "…";
    }

    /**
     * Splits SQL text into statements at semicolons outside quotes ('…', "…", `…`) and comments (-- …, /* … *&#47;);
     * blank statements (e.g. after a trailing semicolon) are dropped.
     */
    public static List<String> statements(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end = i + 1;
            if (c == '\'' || c == '"' || c == '`') {
                end = closing(text, i + 1, String.valueOf(c));
            } else if (text.startsWith("--", i)) {
                end = closing(text, i + 2, "\n");
            } else if (text.startsWith("/*", i)) {
                end = closing(text, i + 2, "*/");
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
                continue;
            }
            current.append(text, i, end);
            i = end;
        }
        add(statements, current);
        return statements;
    }

    /** Index just after {@code terminator} from {@code from} (a backslash escapes inside quotes), or the end. */
    private static int closing(String text, int from, String terminator) {
        boolean quoted = terminator.length() == 1 && terminator.charAt(0) != '\n';
        for (int i = from; i < text.length(); i++) {
            if (quoted && text.charAt(i) == '\\') {
                i++;
            } else if (text.startsWith(terminator, i)) {
                return i + terminator.length();
            }
        }
        return text.length();
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!isOnlyComments(text)) {
            statements.add(text);
        }
    }

    private static boolean isOnlyComments(String text) {
        String rest = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)--.*$", "").strip();
        return rest.isEmpty();
    }
}
