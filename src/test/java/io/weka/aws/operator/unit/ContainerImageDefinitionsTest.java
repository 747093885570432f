package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The Dockerfile and the Jib build (pom.xml, profile image) describe the same image. */
class ContainerImageDefinitionsTest {

    @Test
    void dockerfileAndJibAgreeOnUserPortDirectoryAndEntrypoint() throws Exception {
        Map<String, String> docker = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
            String[] instruction = line.trim().split("\\s+", 2);
            if (instruction.length == 2 && List.of("USER", "EXPOSE", "WORKDIR", "ENTRYPOINT").contains(instruction[0])) {
                docker.put(instruction[0], instruction[1]);
            }
        }
        List<String> dockerEntrypoint = new ObjectMapper().readValue(docker.get("ENTRYPOINT"), new TypeReference<>() {
        });

        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();
        String container = "/project/profiles/profile[id='image']/build/plugins/plugin[artifactId='jib-maven-plugin']"
                + "/configuration/container/";
        List<String> jibEntrypoint = new ArrayList<>();
        NodeList args = (NodeList) xpath.evaluate(container + "entrypoint/arg", pom, XPathConstants.NODESET);
        for (int i = 0; i < args.getLength(); i++) {
            jibEntrypoint.add(args.item(i).getTextContent());
        }

        assertThat(docker.get("USER")).isEqualTo(xpath.evaluate(container + "user", pom)).doesNotStartWith("0")
                .doesNotStartWith("root");
        assertThat(docker.get("EXPOSE")).isEqualTo(xpath.evaluate(container + "ports/port", pom)).isEqualTo("8080");
        assertThat(docker.get("WORKDIR")).isEqualTo(xpath.evaluate(container + "workingDirectory", pom));
        assertThat(dockerEntrypoint).isEqualTo(jibEntrypoint).contains("/deployments/quarkus-run.jar");
    }
}
