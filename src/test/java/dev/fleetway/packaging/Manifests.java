package dev.fleetway.packaging;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The Kubernetes manifests in {@code k8s/}, read into fabric8's model classes: every YAML document of
 * every {@code *.yaml} file except {@code kustomization.yaml}. Paths are relative to the working directory,
 * the repository root under Maven.
 */
public record Manifests(List<Manifest> all) {

    public static final Path DIR = Path.of("k8s");

    /** One document: the file it came from, the raw YAML tree, and the typed model object. */
    public record Manifest(Path file, Map<String, Object> yaml, HasMetadata resource) {
        public String kind() {
            return resource.getKind();
        }

        public String name() {
            return resource.getMetadata().getName();
        }
    }

    /** A container with where it runs: its pod template and the workload that owns the template. */
    public record PodContainer(Manifest workload, PodTemplateSpec template, Container container, boolean init) {
        /** The literal value of an environment variable, if the container sets it with {@code value:}. */
        public Optional<String> literal(String name) {
            return env().stream().filter(e -> e.getName().equals(name) && e.getValue() != null)
                    .map(EnvVar::getValue).findFirst();
        }

        public List<EnvVar> env() {
            return container.getEnv() == null ? List.of() : container.getEnv();
        }

        public List<String> args() {
            return container.getArgs() == null ? List.of() : container.getArgs();
        }

        @Override
        public String toString() {
            return workload.kind() + " " + workload.name() + (init ? " init container " : " container ")
                    + container.getName();
        }
    }

    public static Manifests load() {
        List<Manifest> all = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (Path file : yamlFiles()) {
            for (Map<String, Object> doc : documents(file)) {
                KubernetesResource resource = mapper.convertValue(doc, KubernetesResource.class);
                if (!(resource instanceof HasMetadata typed)) {
                    throw new IllegalStateException(file + ": " + doc.get("kind") + " is no Kubernetes object");
                }
                all.add(new Manifest(file, doc, typed));
            }
        }
        return new Manifests(List.copyOf(all));
    }

    /** Every {@code k8s/*.yaml} but the kustomization, sorted by name. */
    public static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-empty YAML documents of a file, as trees. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> documents(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    public List<Manifest> ofKind(String kind) {
        return all.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    public <T extends HasMetadata> T get(Class<T> type, String name) {
        return all.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + type.getSimpleName() + " " + name + " in k8s/"));
    }

    /** The keys of a Secret ({@code data} and {@code stringData}) or ConfigMap ({@code data}, {@code binaryData}). */
    public Optional<List<String>> keys(String kind, String name) {
        return all.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst().map(m -> {
            List<String> keys = new ArrayList<>();
            if (m.resource() instanceof Secret s) {
                keys.addAll(orEmpty(s.getData()).keySet());
                keys.addAll(orEmpty(s.getStringData()).keySet());
            } else if (m.resource() instanceof ConfigMap c) {
                keys.addAll(orEmpty(c.getData()).keySet());
                keys.addAll(orEmpty(c.getBinaryData()).keySet());
            }
            return keys;
        });
    }

    /** The value of a Secret's key, from {@code stringData} or decoded from {@code data}. */
    public String secretValue(String name, String key) {
        Secret s = get(Secret.class, name);
        String plain = orEmpty(s.getStringData()).get(key);
        if (plain != null) {
            return plain;
        }
        String encoded = orEmpty(s.getData()).get(key);
        if (encoded == null) {
            throw new IllegalArgumentException("Secret " + name + " has no key " + key);
        }
        return new String(java.util.Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    /** Every pod template of a Deployment or Job, with the manifest it belongs to. */
    public Map<Manifest, PodTemplateSpec> podTemplates() {
        Map<Manifest, PodTemplateSpec> templates = new HashMap<>();
        for (Manifest m : all) {
            if (m.resource() instanceof Deployment d) {
                templates.put(m, d.getSpec().getTemplate());
            } else if (m.resource() instanceof Job j) {
                templates.put(m, j.getSpec().getTemplate());
            }
        }
        return templates;
    }

    /** Every container and init container of every workload. */
    public List<PodContainer> containers() {
        List<PodContainer> result = new ArrayList<>();
        podTemplates().forEach((m, t) -> {
            orEmpty(t.getSpec().getInitContainers()).forEach(c -> result.add(new PodContainer(m, t, c, true)));
            orEmpty(t.getSpec().getContainers()).forEach(c -> result.add(new PodContainer(m, t, c, false)));
        });
        result.sort(java.util.Comparator.comparing(PodContainer::toString));
        return result;
    }

    /** The containers that run Fleetway: those whose image is a {@code fleetway} image. */
    public List<PodContainer> fleetwayContainers() {
        return containers().stream().filter(c -> isFleetwayImage(c.container().getImage())).toList();
    }

    /** The one container of the named workload that runs Fleetway. */
    public PodContainer fleetwayContainer(String workload) {
        return fleetwayContainers().stream().filter(c -> c.workload().name().equals(workload)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Fleetway container in " + workload));
    }

    static boolean isFleetwayImage(String image) {
        String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = repository.lastIndexOf('/');
        if (repository.lastIndexOf(':') > slash) {
            repository = repository.substring(0, repository.lastIndexOf(':'));
        }
        return repository.substring(slash + 1).equals("fleetway");
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
