package io.github.k8splatform.agent;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whose containers the agent ships: the namespaces of agent.namespaces (by default the platform's
 * own), or every namespace for "*". The control plane's and other tenants' logs are not collected
 * unless asked for: whoever may read the collector would read them too.
 */
record ShippedNamespaces(Set<String> names) implements Predicate<ContainerLogFile> {

    static final String EVERY = "*";

    static ShippedNamespaces of(List<String> configured) {
        return new ShippedNamespaces(Set.copyOf(configured.stream().map(String::trim).filter(n -> !n.isEmpty()).toList()));
    }

    @Override
    public boolean test(ContainerLogFile file) {
        return names.contains(EVERY) || names.contains(file.namespace());
    }
}
