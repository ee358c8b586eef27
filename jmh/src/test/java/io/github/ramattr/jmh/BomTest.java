/*
 * Copyright 2026 The ramattr Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.ramattr.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The ramattr-bom pins every library module of the build, at the build's version, and nothing else:
 * a module added to the root pom without a BOM entry fails here. This module (jmh, an application)
 * and the BOM itself are not libraries.
 */
class BomTest {
  private static final Set<String> NOT_LIBRARIES = Set.of("jmh", "bom");

  /** The root of the build: this module's parent directory (surefire runs in the module). */
  private static Path root() {
    Path root =
        Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
    assertTrue(Files.isRegularFile(root.resolve("bom/pom.xml")), "no bom/pom.xml under " + root);
    return root;
  }

  private static Document parse(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  /** The text of the first direct child of {@code parent} called {@code name}. */
  private static String child(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element && node.getNodeName().equals(name)) {
        return node.getTextContent().trim();
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getNodeName() + ">");
  }

  @Test
  void bom_pinsExactlyTheLibraryModules_atTheBuildVersion() throws Exception {
    Path root = root();
    Document parent = parse(root.resolve("pom.xml"));
    String version = child(parent.getDocumentElement(), "version");

    Set<String> libraries = new TreeSet<>();
    NodeList modules = parent.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent().trim();
      if (!NOT_LIBRARIES.contains(module)) {
        Element pom = parse(root.resolve(module).resolve("pom.xml")).getDocumentElement();
        libraries.add(child(pom, "artifactId"));
      }
    }

    Element bom = parse(root.resolve("bom/pom.xml")).getDocumentElement();
    assertEquals(version, child(bom, "version"), "ramattr-bom's version");
    Set<String> pinned = new TreeSet<>();
    NodeList dependencies = bom.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      String artifact = child(dependency, "artifactId");
      assertEquals("io.github.ramattr", child(dependency, "groupId"), artifact);
      assertEquals("${project.version}", child(dependency, "version"), artifact);
      pinned.add(artifact);
    }
    assertEquals(libraries, pinned);
  }
}
