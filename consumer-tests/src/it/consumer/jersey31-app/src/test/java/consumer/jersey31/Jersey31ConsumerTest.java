package consumer.jersey31;

import consumer.harness.Harness;
import org.junit.jupiter.api.Test;

class Jersey31ConsumerTest {

    @Test
    void readmeSnippetWorksOnJersey31WithoutAJsonProvider() throws Exception {
        Harness.check(Main.class.getName());
    }
}
