package consumer.resteasy;

import consumer.harness.Harness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResteasyConsumerTest {

    @Test
    void bomImportWorksOnResteasyWithoutAJsonProvider() throws Exception {
        assertEquals(Harness.EXPECTED, Harness.answers(Main.class.getName()));
    }
}
