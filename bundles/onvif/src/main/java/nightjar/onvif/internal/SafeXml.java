package nightjar.onvif.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a request's XML with the JDK's own parser (never one that another bundle put on the class path)
 * and nothing but the bytes given: a document with a DOCTYPE is refused outright, so there are no
 * entities to expand (billion laughs) nor external ones to fetch (XXE); secure processing keeps the
 * parser's own limits on; XInclude is off; elements nest at most {@value #MAX_DEPTH} deep (ONVIF's
 * requests need about ten; deeper ones would overflow the stack of the DOM's recursive walks, such as
 * {@code getTextContent}). The caller limits the size of the bytes.
 */
final class SafeXml {
    static final int MAX_DEPTH = 64;

    private SafeXml() {
    }

    /** Why a document was refused. */
    static final class RefusedXml extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedXml(String message) {
            super(message);
        }
    }

    static Document parse(byte[] xml) throws RefusedXml {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are refused");
            });
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // Warnings change nothing.
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new RefusedXml("not well-formed XML, or XML with a DOCTYPE: " + e.getMessage());
        } catch (IOException | ParserConfigurationException e) {
            throw new RefusedXml("unreadable XML: " + e.getMessage());
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setAttribute("jdk.xml.maxElementDepth", Integer.toString(MAX_DEPTH));
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    /** The child elements of an element. */
    static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** The first child element with this namespace and local name, or null. */
    static @Nullable Element child(@Nullable Element parent, String namespace, String localName) {
        if (parent == null) {
            return null;
        }
        for (Element element : children(parent)) {
            if (namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    /** The first child element with this local name in any namespace, or null. */
    static @Nullable Element childNamed(@Nullable Element parent, String localName) {
        if (parent == null) {
            return null;
        }
        for (Element element : children(parent)) {
            if (localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    /** The trimmed text of an element, or null when there is no element. */
    static @Nullable String text(@Nullable Element element) {
        return element == null ? null : element.getTextContent().trim();
    }
}
