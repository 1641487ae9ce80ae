package consumer.resteasy;

import consumer.harness.Harness;
import org.junit.jupiter.api.Test;

class ResteasyConsumerTest {

    @Test
    void bomImportWorksOnResteasyWithoutAJsonProvider() throws Exception {
        Harness.check(Main.class.getName());
    }
}
