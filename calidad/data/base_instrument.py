"""Content of the municipal quality diagnostic, version 1: 5 criterios, 12 ámbitos, 78 questions
(57 practices, 21 figures), 0–3 points each. Written for this portal; the structure (criterios,
ámbitos and the maximum of each ámbito) follows the national programme's diagnostic.

Practices share a cumulative ladder (each level includes the previous one); a question may bring
its own alternatives. Figures are turned into points by bands: (from, to, points), ``to`` excluded.
"""

from decimal import Decimal as D

FAMILY = "diagnostico-municipal"
NAME = "Instrumento de diagnóstico de la calidad de la gestión municipal"
DESCRIPTION = (
    "Cuestionario de 78 preguntas que el equipo municipal responde por consenso en una sesión de "
    "unas cuatro horas. Entrega el porcentaje de logro en cada uno de los 12 ámbitos de gestión."
)

ABSENT = "No se hace, no se tiene o está obsoleto."
LADDER = [
    (ABSENT, 0, True),
    ("Existe, pero de manera informal o solo en algunas unidades.", 1, False),
    ("Está formalizado (documentado y aprobado) y se aplica en la mayoría de las unidades.", 2, False),
    ("Además de lo anterior, se revisa al menos una vez al año y se mejora con lo aprendido.", 3, False),
]


def up(*edges, unit="%"):
    """Bands for a figure where more is better: edges e1 < e2 < e3 give 0, 1, 2, 3 points."""
    e1, e2, e3 = (D(str(e)) for e in edges)
    fmt = lambda v: f"{v:g}".replace(".", ",")  # noqa: E731
    return [
        (None, e1, 0, f"menos de {fmt(e1)} {unit}".strip()),
        (e1, e2, 1, f"de {fmt(e1)} a menos de {fmt(e2)} {unit}".strip()),
        (e2, e3, 2, f"de {fmt(e2)} a menos de {fmt(e3)} {unit}".strip()),
        (e3, None, 3, f"{fmt(e3)} {unit} o más".strip()),
    ]


def down(*edges, unit="días"):
    """Bands for a figure where less is better: edges e1 < e2 < e3 give 3, 2, 1, 0 points."""
    e1, e2, e3 = (D(str(e)) for e in edges)
    fmt = lambda v: f"{v:g}".replace(".", ",")  # noqa: E731
    return [
        (None, e1, 3, f"menos de {fmt(e1)} {unit}"),
        (e1, e2, 2, f"de {fmt(e1)} a menos de {fmt(e2)} {unit}"),
        (e2, e3, 1, f"de {fmt(e2)} a menos de {fmt(e3)} {unit}"),
        (e3, None, 0, f"{fmt(e3)} {unit} o más"),
    ]


def P(text, guidance="", choices=None):
    return {"kind": "practica", "text": text, "guidance": guidance, "choices": choices or LADDER}


def R(text, unit, bands, guidance=""):
    return {"kind": "resultado", "text": text, "unit": unit, "thresholds": bands, "guidance": guidance}


# Library categories / themes (by name) that help each ámbito: the bridge from a weak ámbito to
# practices in the library. Missing names are simply skipped.
DIMENSIONS = [
    (1, "Estrategia y liderazgo", "Cómo el municipio define hacia dónde va y cómo lo conduce su dirección."),
    (2, "Personas", "Cómo el municipio desarrolla, forma y cuida a quienes trabajan en él."),
    (3, "Recursos", "Cómo el municipio obtiene, asigna y mantiene sus recursos financieros y materiales."),
    (4, "Usuarios y usuarias", "Cómo el municipio conoce y atiende a la comunidad que usa sus servicios."),
    (5, "Servicios municipales", "Cómo el municipio organiza, controla y mejora sus procesos."),
]

AREAS = [
    {
        "dimension": 1,
        "number": 1,
        "code": "estrategia",
        "name": "Estrategia",
        "definition": (
            "La manera en que la municipalidad fija sus objetivos de corto y largo plazo, los traduce en "
            "planes de acción con responsables, los da a conocer en toda la organización y revisa su avance."
        ),
        "questions": [
            P(
                "¿La municipalidad cuenta con un plan estratégico (PLADECO u otro) con objetivos y plazos definidos?"
            ),
            P(
                "¿Los objetivos estratégicos se traducen en planes anuales con metas y responsables por unidad?"
            ),
            P("¿La comunidad y los funcionarios participan en la elaboración de la estrategia?"),
            P("¿Se informa a todas las unidades cuáles son los objetivos y cómo contribuye cada una?"),
            P("¿Existen indicadores para seguir el avance de los objetivos estratégicos?"),
            P("¿La dirección revisa periódicamente el avance de los planes y corrige cuando hay desvíos?"),
            P("¿El presupuesto anual se formula a partir de las prioridades del plan estratégico?"),
            R("¿Qué porcentaje de las metas del plan anual del último año se cumplió?", "%", up(50, 70, 85)),
        ],
    },
    {
        "dimension": 1,
        "number": 2,
        "code": "liderazgo",
        "name": "Liderazgo",
        "definition": (
            "Cómo el alcalde o alcaldesa y el equipo directivo conducen la organización, evalúan su "
            "desempeño y promueven una gestión eficaz, eficiente y orientada a servicios de calidad."
        ),
        "questions": [
            P("¿El equipo directivo se reúne regularmente con una agenda y deja registro de sus acuerdos?"),
            P("¿La dirección ha definido y difundido valores y compromisos de servicio para el municipio?"),
            P("¿Los directivos evalúan el desempeño de sus unidades con información objetiva?"),
            P("¿La dirección rinde cuenta a la comunidad de la gestión y de sus resultados?"),
            P(
                "¿Existen mecanismos para que funcionarios y funcionarias hagan llegar propuestas de mejora a la dirección?"
            ),
            R(
                "¿Qué porcentaje de los acuerdos del comité directivo del último año se cumplió en plazo?",
                "%",
                up(40, 60, 80),
            ),
        ],
    },
    {
        "dimension": 2,
        "number": 3,
        "code": "competencias",
        "name": "Competencias de las personas",
        "definition": (
            "Cómo la gestión del personal (perfiles, selección, evaluación del desempeño y reconocimiento) "
            "ayuda a que la municipalidad alcance sus planes y resultados."
        ),
        "questions": [
            P("¿Existen descripciones de cargo con las competencias requeridas para cada puesto?"),
            P(
                "¿La selección y la promoción del personal se basan en esos perfiles y en concursos transparentes?"
            ),
            P(
                "¿La evaluación del desempeño se vincula con las metas de cada unidad y se retroalimenta a cada persona?"
            ),
            P("¿Se reconocen formalmente los logros individuales y de equipo?"),
            R(
                "¿Qué porcentaje del personal recibió retroalimentación formal de su desempeño en el último año?",
                "%",
                up(25, 50, 75),
            ),
        ],
    },
    {
        "dimension": 2,
        "number": 4,
        "code": "capacitacion",
        "name": "Capacitación",
        "definition": (
            "Cómo la municipalidad detecta las necesidades de formación de su personal, planifica y ejecuta "
            "la capacitación y mide su efecto en el trabajo."
        ),
        "questions": [
            P(
                "¿Se realiza un diagnóstico de necesidades de capacitación a partir de los objetivos municipales?"
            ),
            P("¿Existe un plan anual de capacitación aprobado y con presupuesto asignado?"),
            P("¿Los funcionarios y funcionarias participan en definir los contenidos de la capacitación?"),
            P("¿Se evalúa lo aprendido y su aplicación en el puesto de trabajo?"),
            P("¿Quienes se capacitan comparten lo aprendido con sus equipos?"),
            R(
                "¿Qué porcentaje del personal recibió al menos una capacitación en el último año?",
                "%",
                up(30, 55, 80),
            ),
            R("¿Qué porcentaje del plan anual de capacitación se ejecutó?", "%", up(50, 70, 90)),
        ],
    },
    {
        "dimension": 2,
        "number": 5,
        "code": "bienestar",
        "name": "Bienestar y seguridad en el trabajo",
        "definition": (
            "Cómo la municipalidad cuida la salud, la seguridad y la calidad de vida de su personal y mejora "
            "de forma permanente el ambiente de trabajo."
        ),
        "questions": [
            P("¿Funciona un comité paritario de higiene y seguridad con un programa de trabajo?"),
            P("¿Se identifican los riesgos de cada puesto y se toman medidas para prevenirlos?"),
            P("¿Existe un programa de bienestar con beneficios conocidos por todo el personal?"),
            P("¿Se mide el clima laboral y se actúa sobre sus resultados?"),
            P("¿Hay procedimientos para prevenir y atender el acoso laboral y sexual?"),
            P("¿Se facilita la conciliación de la vida laboral, familiar y personal?"),
            R(
                "¿Cuántos accidentes laborales con tiempo perdido hubo por cada 100 personas en el último año?",
                "por 100",
                down(1, 3, 5, unit="por cada 100"),
            ),
            R(
                "¿Qué porcentaje del personal evalúa positivamente el clima laboral en la última medición?",
                "%",
                up(40, 60, 75),
            ),
        ],
    },
    {
        "dimension": 3,
        "number": 6,
        "code": "ingresos",
        "name": "Ingresos municipales",
        "definition": (
            "Cómo la municipalidad administra sus ingresos propios y transferidos para asegurar el "
            "funcionamiento de sus procesos y la sostenibilidad de sus finanzas en el largo plazo."
        ),
        "questions": [
            P(
                "¿Existe un catastro actualizado de contribuyentes (patentes, derechos, permisos de circulación)?"
            ),
            P("¿Se planifica la recaudación con metas por tipo de ingreso?"),
            P("¿Se gestiona activamente la cobranza de deudas y morosidad?"),
            R(
                "¿Qué porcentaje de los ingresos propios presupuestados se recaudó en el último año?",
                "%",
                up(80, 90, 97),
            ),
            R(
                "¿Qué porcentaje de las patentes comerciales giradas se pagó dentro del plazo?",
                "%",
                up(60, 75, 90),
            ),
            R(
                "¿Cuánto crecieron los ingresos propios permanentes respecto del año anterior, en términos reales?",
                "%",
                up(0, 3, 6),
            ),
        ],
    },
    {
        "dimension": 3,
        "number": 7,
        "code": "presupuesto",
        "name": "Presupuesto municipal",
        "definition": (
            "Cómo la municipalidad planifica, aprueba, ejecuta y controla su presupuesto para cubrir las "
            "necesidades de todas sus unidades y cumplir su misión."
        ),
        "questions": [
            P(
                "¿Las unidades presentan sus requerimientos para la formulación del presupuesto con un formato común?"
            ),
            P("¿El presupuesto se aprueba en los plazos legales y con información de respaldo al concejo?"),
            P("¿Se controla mensualmente la ejecución presupuestaria por unidad?"),
            P("¿Las modificaciones presupuestarias se justifican y se informan oportunamente?"),
            P("¿Se evalúa al cierre del año el cumplimiento del presupuesto y se usan sus lecciones?"),
            P("¿Se publica la información presupuestaria en forma comprensible para la comunidad?"),
            P("¿Existe una programación de caja que evite atrasos en los pagos?"),
            R("¿Qué porcentaje del presupuesto de gastos se ejecutó en el último año?", "%", up(80, 90, 95)),
            R(
                "¿Cuántos días, en promedio, demora el pago a proveedores desde la recepción conforme?",
                "días",
                down(30, 45, 60),
            ),
            R("¿Qué porcentaje del gasto total se destinó a inversión en el último año?", "%", up(5, 10, 15)),
        ],
    },
    {
        "dimension": 3,
        "number": 8,
        "code": "recursos-materiales",
        "name": "Recursos materiales",
        "definition": (
            "Cómo la municipalidad planifica el uso y la mantención de sus equipos, vehículos e "
            "infraestructura para que sus servicios funcionen en buenas condiciones."
        ),
        "questions": [
            P(
                "¿Existe un inventario actualizado y un plan de mantención de bienes, vehículos e infraestructura?"
            ),
            R(
                "¿Qué porcentaje de las mantenciones programadas se realizó en el último año?",
                "%",
                up(50, 70, 90),
            ),
        ],
    },
    {
        "dimension": 4,
        "number": 9,
        "code": "satisfaccion",
        "name": "Satisfacción de usuarios y usuarias",
        "definition": (
            "Cómo la municipalidad conoce las necesidades y expectativas de quienes usan sus servicios, "
            "mide su satisfacción y usa esa información para mejorar."
        ),
        "questions": [
            P(
                "¿Se han identificado los distintos grupos de usuarios y usuarias de los servicios municipales?"
            ),
            P("¿Se recogen sistemáticamente sus necesidades y expectativas?"),
            P("¿Se mide la satisfacción con los principales servicios con una metodología definida?"),
            P("¿Los resultados de satisfacción se analizan y dan lugar a acciones de mejora?"),
            P("¿Se informa a la comunidad lo que se cambió a partir de sus opiniones?"),
            P("¿Existen estándares de servicio (plazos, horarios, requisitos) conocidos por la comunidad?"),
            P("¿Se comparan los resultados de satisfacción con los de otros municipios o servicios?"),
            R(
                "¿Qué porcentaje de usuarios y usuarias se declara satisfecho en la última medición?",
                "%",
                up(50, 65, 80),
            ),
            R(
                "¿Qué porcentaje de los servicios municipales cuenta con medición de satisfacción?",
                "%",
                up(20, 40, 60),
            ),
            R(
                "¿Cuántos reclamos por cada 1.000 habitantes recibió el municipio en el último año?",
                "por 1.000",
                down(5, 10, 20, unit="por cada 1.000"),
            ),
        ],
    },
    {
        "dimension": 4,
        "number": 10,
        "code": "comunicacion",
        "name": "Comunicación con usuarios y usuarias",
        "definition": (
            "Cómo la municipalidad facilita la comunicación con la comunidad para asegurar el acceso a sus "
            "servicios y su calidad, y cómo mejora esos canales."
        ),
        "questions": [
            P(
                "¿Existen canales definidos para informar, orientar y recibir consultas (presenciales y digitales)?"
            ),
            P("¿Funciona un sistema de reclamos, sugerencias y felicitaciones con plazos de respuesta?"),
            P("¿Se analizan los reclamos para corregir sus causas?"),
            P("¿La información de trámites y servicios está disponible y actualizada en el sitio web?"),
            R(
                "¿Qué porcentaje de los reclamos se respondió dentro del plazo comprometido?",
                "%",
                up(50, 70, 90),
            ),
        ],
    },
    {
        "dimension": 5,
        "number": 11,
        "code": "prestacion",
        "name": "Procesos de prestación de los servicios municipales",
        "definition": (
            "Cómo la municipalidad define, controla y mejora los procesos con los que presta sus servicios "
            "principales a la comunidad."
        ),
        "questions": [
            P("¿Están identificados y descritos los procesos de los principales servicios municipales?"),
            P("¿Cada proceso principal tiene indicadores de desempeño y responsables de medirlos?"),
            P("¿Se revisan y mejoran los procesos con la información de sus indicadores?"),
            R("¿Qué porcentaje de los trámites municipales puede realizarse en línea?", "%", up(15, 30, 50)),
            R(
                "¿Qué porcentaje de los procesos principales cumplió sus metas de plazo en el último año?",
                "%",
                up(50, 70, 85),
            ),
        ],
    },
    {
        "dimension": 5,
        "number": 12,
        "code": "apoyo",
        "name": "Procesos de apoyo para la prestación de los servicios municipales",
        "definition": (
            "Cómo la municipalidad controla y mejora sus procesos de apoyo (compras, informática, archivo, "
            "asesoría jurídica) y su relación con proveedores y organismos asociados."
        ),
        "questions": [
            P("¿Están descritos los procesos de apoyo y sus responsables?"),
            P("¿Se evalúa a los proveedores y se usa esa evaluación en nuevas contrataciones?"),
            P(
                "¿Se coordina el trabajo con los organismos asociados (servicios públicos, gobierno regional) con acuerdos formales?"
            ),
            P("¿Los sistemas informáticos apoyan los procesos y tienen respaldo y soporte?"),
            P("¿Se mide la satisfacción de las unidades internas con los servicios de apoyo?"),
            R(
                "¿Qué porcentaje de las compras se realizó mediante licitación o convenio marco?",
                "%",
                up(50, 70, 85),
            ),
        ],
    },
]

# Library vocabulary per ámbito (category and theme names; names not in the library are skipped).
LIBRARY_LINKS = {
    "estrategia": (["Gestión y modernización"], ["Planificación estratégica", "Gobierno abierto"]),
    "liderazgo": (["Gestión y modernización"], ["Gobierno abierto", "Planificación estratégica"]),
    "competencias": (["Gestión y modernización"], ["Calidad de servicios", "Igualdad de género"]),
    "capacitacion": (
        ["Gestión y modernización", "Educación"],
        ["Formación ciudadana", "Calidad de servicios"],
    ),
    "bienestar": (["Salud", "Gestión y modernización"], ["Igualdad de género", "Inclusión"]),
    "ingresos": (["Gestión y modernización", "Desarrollo económico local"], ["Transformación digital"]),
    "presupuesto": (
        ["Gestión y modernización", "Participación"],
        ["Gobierno abierto", "Planificación estratégica"],
    ),
    "recursos-materiales": (["Gestión y modernización", "Medio ambiente"], ["Cambio climático"]),
    "satisfaccion": (
        ["Gestión y modernización", "Participación"],
        ["Calidad de servicios", "Gobierno abierto"],
    ),
    "comunicacion": (
        ["Gestión y modernización", "Participación"],
        ["Calidad de servicios", "Transformación digital"],
    ),
    "prestacion": (["Gestión y modernización"], ["Transformación digital", "Calidad de servicios"]),
    "apoyo": (["Gestión y modernización"], ["Transformación digital", "Planificación estratégica"]),
}
