package consumer.jersey;

import consumer.harness.Harness;
import org.junit.jupiter.api.Test;

class JerseyConsumerTest {

    @Test
    void readmeSnippetWorksOnJerseyWithoutAJsonProvider() throws Exception {
        Harness.check(Main.class.getName());
    }
}
