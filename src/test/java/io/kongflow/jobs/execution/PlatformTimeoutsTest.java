package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kongflow.jobs.client.ExecuteAnswer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTimeoutsTest {

    @ParameterizedTest(name = "{0} {1}={2} \"{3}\" -> {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "504 | -            | -                           | -                                       | true",
                "408 | -            | -                           | -                                       | true",
                "500 | x-vercel-error | FUNCTION_INVOCATION_TIMEOUT | -                                     | true",
                "500 | x-vercel-error | DEPLOYMENT_NOT_FOUND      | -                                       | false",
                "502 | -            | -                           | isolate TIME_LIMIT exceeded             | true",
                "502 | -            | -                           | bad gateway                             | false",
                "503 | cf-ray       | 8a1b2c                      | Error: Worker exceeded resource limits  | true",
                "503 | -            | -                           | Error: Worker exceeded resource limits  | false",
                "503 | cf-ray       | 8a1b2c                      | Service Unavailable                     | false",
                "500 | -            | -                           | -                                       | false",
            })
    void recognisesTheFunctionTimeoutsOfServerlessPlatforms(
            int status, String header, String value, String text, boolean timedOut) {
        Map<String, String> headers = "-".equals(header) ? Map.of() : Map.of(header, value);
        ExecuteAnswer answer = new ExecuteAnswer(status, headers, null, "-".equals(text) ? "" : text);
        assertEquals(timedOut, PlatformTimeouts.detected(answer));
    }
}
