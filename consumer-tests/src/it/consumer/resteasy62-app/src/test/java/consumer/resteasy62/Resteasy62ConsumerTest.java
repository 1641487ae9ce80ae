package consumer.resteasy62;

import consumer.harness.Harness;
import org.junit.jupiter.api.Test;

class Resteasy62ConsumerTest {

    @Test
    void bomImportWorksOnResteasy62WithoutAJsonProvider() throws Exception {
        Harness.check(Main.class.getName());
    }
}
