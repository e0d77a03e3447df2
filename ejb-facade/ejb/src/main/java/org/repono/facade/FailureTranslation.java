package org.repono.facade;

import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;
import org.repono.api.RepositoryFailure;

/**
 * Interceptor of every facade service: an adapter failure leaves the facade as a {@link ReponoProblem} (an
 * application exception, so the caller sees it as it is and the transaction rolls back) instead of the
 * container's generic EJBException.
 */
public class FailureTranslation {

    @AroundInvoke
    public Object translate(InvocationContext call) throws Exception {
        try {
            return call.proceed();
        } catch (RepositoryFailure failure) {
            throw Failures.translate(failure);
        }
    }
}
