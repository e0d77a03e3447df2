package org.repono.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API's root: /repono/api. Resources and providers of this package are found by scanning. */
@ApplicationPath("api")
public class ReponoApi extends Application {
}
