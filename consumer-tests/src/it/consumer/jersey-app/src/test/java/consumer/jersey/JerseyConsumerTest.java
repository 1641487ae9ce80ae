package consumer.jersey;

import consumer.harness.Harness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JerseyConsumerTest {

    @Test
    void readmeSnippetWorksOnJerseyWithoutAJsonProvider() throws Exception {
        assertEquals(Harness.EXPECTED, Harness.answers(Main.class.getName()));
    }
}
