package org.repono.it.rar.server;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.Collections;

/** Counts the committed messages the tests sent (browsing: the queue keeps them). */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Messages {

    @Resource(lookup = "java:/ConnectionFactory")
    jakarta.jms.ConnectionFactory jms;

    @Resource(lookup = Writer.QUEUE)
    Queue queue;

    public int count(String name) {
        try (JMSContext context = jms.createContext(); QueueBrowser browser = context.createBrowser(queue,
                "rarIt = '" + name.replace("'", "''") + "'")) {
            return Collections.list(browser.getEnumeration()).size();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
