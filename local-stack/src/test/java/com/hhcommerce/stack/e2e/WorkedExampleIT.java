package com.hhcommerce.stack.e2e;

import com.hhcommerce.stack.Service;
import com.hhcommerce.stack.StackSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worked example (docs/worked-example.md), run as it stands (only its ports moved to the stack's). */
@ExtendWith({RealStack.class, InvariantAudit.class})
class WorkedExampleIT {

  @Test
  void theWorkedExampleRunsAndPrintsWhatItSays() throws Exception {
    String script = WorkedExample.script();
    for (Service service : Service.values()) {
      script = script.replace("http://127.0.0.1:" + service.defaultPort(), RealStack.url(service));
    }
    script = script.replace("http://127.0.0.1:" + StackSettings.MAIL_API_PORT, "http://127.0.0.1:" + RealStack.stack().settings().mailApiPort());
    WorkedExample.runAndCheck(script);
  }
}
