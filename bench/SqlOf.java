import java.lang.reflect.Field;

/**
 * Prints the SQL text of service constants, so that the pgbench scripts run the very statements
 * the service runs (bench.py turns their :named parameters into pgbench variables).
 *
 *   java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' bench/SqlOf.java Class#FIELD ...
 *
 * Output: for each argument, the line "-- Class#FIELD", the SQL, then a line "-- end".
 */
public class SqlOf {
    public static void main(String[] args) throws Exception {
        for (String reference : args) {
            String[] parts = reference.split("#");
            Field field = Class.forName(parts[0]).getDeclaredField(parts[1]);
            field.setAccessible(true);
            System.out.println("-- " + reference);
            System.out.println(field.get(null));
            System.out.println("-- end");
        }
    }
}
