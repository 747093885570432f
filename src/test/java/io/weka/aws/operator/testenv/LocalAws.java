package io.weka.aws.operator.testenv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS API emulator for the whole test run: the project's moto launcher (scripts/moto) on 127.0.0.1.
 * The AWS SDK reaches it through its standard settings (the system-property forms of AWS_ENDPOINT_URL,
 * AWS_REGION and the access keys), exactly as the operator reaches AWS in production.
 */
public final class LocalAws {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";
    private static final Pattern READY = Pattern.compile("MOTO_READY port=(\\d+)");
    private static Process process;
    private static String endpoint;

    private LocalAws() {
    }

    /** Starts the emulator once and points the SDK's default configuration at it. */
    public static synchronized String endpoint() {
        if (endpoint == null) {
            start();
            System.setProperty("aws.endpointUrl", endpoint);
            System.setProperty("aws.region", REGION);
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
        }
        return endpoint;
    }

    /**
     * The default VPC's subnet in us-east-1a, which exists after every reset. Always that zone: the emulator offers
     * every instance type the tests use there, and the preflight refuses a type its subnet's zone lacks (i3en in
     * us-east-1e), so a subnet picked by its random id failed some runs and not others.
     */
    public static String defaultSubnetId() {
        endpoint();
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(REGION)).build()) {
            return ec2.describeSubnets(r -> r.filters(f -> f.name("default-for-az").values("true"),
                    f -> f.name("availability-zone").values(REGION + "a"))).subnets().stream()
                    .map(Subnet::subnetId).findFirst().orElseThrow();
        }
    }

    /** Forgets every AWS resource and switches the realism layer off, so that each test starts from an empty account. */
    public static void reset() {
        post("/moto-api/reset", "");
    }

    /**
     * What the emulator's Lambda Invoke answers for {@code function} (see scripts/moto/README.md): {@code request}
     * holds "payload" (or "raw") and optionally "error".
     */
    public static void registerFunctionResponse(String region, String function, Map<String, Object> request) {
        Map<String, Object> body = new LinkedHashMap<>(request);
        body.put("region", region);
        body.put("function", function);
        postJson("/weka-moto/lambda-response", body);
    }

    /**
     * Makes AWS refuse every later launch of {@code instanceType} by an Auto Scaling group of the region, with
     * {@code code} InsufficientInstanceCapacity or VcpuLimitExceeded and AWS's failed scaling activities (see
     * scripts/moto/README.md), until {@link #restoreCapacity} or a reset.
     */
    public static void refuseCapacity(String region, String instanceType, String code) {
        postJson("/weka-moto/capacity", Map.of("region", region, "instanceType", instanceType, "code", code));
    }

    /** Gives the capacity back: groups short of their desired capacity launch what they lack at once. */
    public static void restoreCapacity(String region, String instanceType) {
        postJson("/weka-moto/capacity", Map.of("region", region, "instanceType", instanceType));
    }

    /**
     * Sets an EC2 On-Demand vCPU quota of the test account in {@link #REGION} (e.g. L-1216C47A, Standard instances);
     * null forgets it. Every quota is 2048 vCPUs until a test sets it (scripts/moto/quotas.py).
     */
    public static void setVcpuQuota(String quotaCode, Integer vcpus) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", REGION);
        body.put("quota", quotaCode);
        body.put("value", vcpus);
        postJson("/weka-moto/service-quota", body);
    }

    private static void postJson(String path, Map<String, ?> body) {
        try {
            post(path, new ObjectMapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void start() {
        String python = System.getenv().getOrDefault("WEKA_MOTO_PYTHON", motoPythonFromSetupScript());
        try {
            process = new ProcessBuilder(List.of(python, "scripts/moto/launcher.py", "--port", "0", "--parent-pid",
                    Long.toString(ProcessHandle.current().pid())))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the moto launcher; run `make test-env`", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "moto-stop"));
        String port = CompletableFuture.supplyAsync(LocalAws::readReadyLine).orTimeout(120, TimeUnit.SECONDS).join();
        endpoint = "http://127.0.0.1:" + port;
    }

    private static String readReadyLine() {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    return ready.group(1);
                }
            }
            throw new IllegalStateException("the moto launcher exited before it was ready");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** scripts/moto-env.sh installs the pinned moto when needed and names its interpreter on its last line. */
    private static String motoPythonFromSetupScript() {
        try {
            Process setup = new ProcessBuilder("bash", "scripts/moto-env.sh").redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String output = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (setup.waitFor() != 0) {
                throw new IllegalStateException("scripts/moto-env.sh failed: " + output);
            }
            return output.lines().filter(l -> l.startsWith("WEKA_MOTO_PYTHON=")).reduce((a, b) -> b)
                    .map(l -> l.substring("WEKA_MOTO_PYTHON=".length()))
                    .orElseThrow(() -> new IllegalStateException("scripts/moto-env.sh did not name the interpreter"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void post(String path, String body) {
        send("POST", path, body);
    }

    /** One call to a control endpoint of the emulator; anything but 200 is a broken test setup. */
    static String send(String method, String path, String body) {
        try {
            HttpRequest.BodyPublisher content = body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body);
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint() + path))
                    .method(method, content).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
