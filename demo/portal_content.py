"""Plausible demo content for the library, written for this project (not copied from any source).

Each idea becomes two or three practices in different comunas and years; the texts are templates
where {comuna} and {region} are filled in by demo.portal.
"""

CATEGORIES = [
    (
        "participacion",
        "Participación",
        "Iniciativas que abren la gestión municipal a vecinos y organizaciones.",
    ),
    (
        "gestion-y-modernizacion",
        "Gestión y modernización",
        "Procesos internos, calidad de servicio y transformación digital.",
    ),
    (
        "medio-ambiente",
        "Medio ambiente",
        "Residuos, energía, agua, áreas verdes y adaptación al cambio climático.",
    ),
    (
        "desarrollo-social",
        "Desarrollo social",
        "Programas para personas mayores, infancia, inclusión y vivienda.",
    ),
    ("seguridad", "Seguridad", "Prevención comunitaria del delito y convivencia en los barrios."),
    (
        "desarrollo-economico-local",
        "Desarrollo económico local",
        "Emprendimiento, empleo, turismo y ferias locales.",
    ),
    ("salud", "Salud", "Atención primaria, promoción de la salud y salud mental comunitaria."),
    (
        "educacion",
        "Educación",
        "Educación pública municipal, formación ciudadana y aprendizaje a lo largo de la vida.",
    ),
]

THEMES = [
    "Gobierno abierto",
    "Transformación digital",
    "Calidad de servicios",
    "Economía circular",
    "Cambio climático",
    "Infancia y juventud",
    "Personas mayores",
    "Igualdad de género",
    "Emprendimiento",
    "Prevención del delito",
    "Atención primaria",
    "Inclusión",
    "Gestión del agua",
    "Formación ciudadana",
    "Planificación estratégica",
]

# (comuna code, year) pairs are assigned by demo.portal; each idea lists its own texts.
IDEAS = [
    {
        "key": "presupuesto-participativo",
        "title": "Presupuesto participativo digital",
        "category": "participacion",
        "themes": ["Gobierno abierto", "Transformación digital"],
        "ods": [11, 16],
        "summary": "Los vecinos de {comuna} proponen y votan en línea y en puntos presenciales los proyectos "
        "barriales que financia una parte fija del presupuesto municipal.",
        "previous": "Las organizaciones territoriales de {comuna} sentían que sus prioridades no llegaban al "
        "presupuesto. Las decisiones de inversión menor se tomaban sin consulta y la asistencia a los cabildos "
        "era baja y concentrada en pocos barrios.",
        "objectives": "- Destinar cada año un porcentaje fijo de la inversión a proyectos decididos por la comunidad.\n"
        "- Permitir votar por internet y también en puntos presenciales.\n"
        "- Rendir cuentas públicamente del avance de cada proyecto elegido.",
        "description": "La municipalidad reservó un fondo anual y dividió la comuna en territorios. En asambleas "
        "abiertas se levantaron ideas, que un equipo técnico revisó en factibilidad y costo. Las propuestas "
        "viables se votaron durante dos semanas en una plataforma web y en mesas instaladas en sedes vecinales, "
        "ferias y consultorios.\n\nCada proyecto ganador tiene una ficha pública con su estado, presupuesto y fotos "
        "de la obra terminada.",
        "results": "La votación creció en cada versión y los proyectos elegidos se ejecutaron dentro del año. "
        "Juntas de vecinos que nunca habían postulado a fondos presentaron iniciativas propias.",
        "participation": "La ciudadanía participa en todas las etapas: propone, prioriza, vota y fiscaliza. Un "
        "comité con representantes de cada territorio acompaña la ejecución.",
        "indicators": [
            ("Personas que votan", "1.200", "{n1}", "votos"),
            ("Proyectos ejecutados en el año", "0", "{n2}", "proyectos"),
            ("Territorios con al menos un proyecto", "3", "{n3}", "territorios"),
        ],
        "partners": "Unión comunal de juntas de vecinos; universidad regional (diseño de la plataforma).",
        "budget": (40_000_000, 180_000_000),
    },
    {
        "key": "consejos-vecinales-jovenes",
        "title": "Consejo comunal de jóvenes",
        "category": "participacion",
        "themes": ["Infancia y juventud", "Formación ciudadana"],
        "ods": [4, 16],
        "summary": "Un consejo elegido por estudiantes de {comuna} opina sobre las políticas que los afectan y "
        "administra un pequeño fondo para iniciativas juveniles.",
        "previous": "Los jóvenes de {comuna} no tenían un espacio formal para dialogar con el municipio y su "
        "participación en organizaciones comunitarias era mínima.",
        "objectives": "- Crear una instancia juvenil representativa y con reglas claras.\n"
        "- Dar a los jóvenes voz en la planificación comunal.\n- Formar liderazgos con sentido público.",
        "description": "Cada liceo elige delegados que integran el consejo por un año. El consejo sesiona una vez "
        "al mes con la oficina de juventud, recibe capacitación en formulación de proyectos y presenta una "
        "cuenta pública ante el concejo municipal.",
        "results": "El consejo ha propuesto cambios en horarios de espacios deportivos, un circuito de reciclaje "
        "en liceos y una campaña de salud mental que la municipalidad adoptó.",
        "participation": "Los propios estudiantes eligen a sus representantes y definen la agenda anual.",
        "indicators": [
            ("Liceos representados", "0", "{n3}", "establecimientos"),
            ("Iniciativas juveniles financiadas", "0", "{n2}", "iniciativas"),
        ],
        "partners": "Departamento de educación municipal; centros de estudiantes.",
        "budget": (8_000_000, 30_000_000),
    },
    {
        "key": "ventanilla-unica",
        "title": "Ventanilla única de trámites municipales",
        "category": "gestion-y-modernizacion",
        "themes": ["Transformación digital", "Calidad de servicios"],
        "ods": [9, 16],
        "summary": "{comuna} reunió en una sola puerta, física y digital, los trámites más frecuentes y redujo a "
        "la mitad el tiempo de respuesta.",
        "previous": "Para obtener un permiso las personas debían recorrer varias oficinas y presentar los mismos "
        "documentos más de una vez. No existían plazos comprometidos ni seguimiento en línea.",
        "objectives": "- Concentrar la atención de público en un solo punto.\n- Digitalizar los diez trámites más "
        "solicitados.\n- Comprometer y publicar plazos de respuesta.",
        "description": "Se levantaron y simplificaron los procesos de patentes, permisos de circulación, "
        "certificados y solicitudes sociales. Se habilitó un mesón único con turnos, un portal de trámites con "
        "clave única y un sistema que avisa por correo cada cambio de estado.",
        "results": "El tiempo promedio de respuesta bajó de forma sostenida y los reclamos por demoras "
        "disminuyeron. Las encuestas de satisfacción se aplican cada semestre.",
        "participation": "Usuarios y funcionarios participaron en talleres de rediseño y prueban las nuevas "
        "versiones del portal antes de publicarlas.",
        "indicators": [
            ("Tiempo promedio de respuesta", "15", "{n4}", "días hábiles"),
            ("Trámites disponibles en línea", "2", "{n2}", "trámites"),
            ("Satisfacción usuaria", "58", "{p1}", "%"),
        ],
        "partners": "Gobierno regional; proveedor de software bajo licencia municipal.",
        "budget": (60_000_000, 220_000_000),
    },
    {
        "key": "gestion-por-indicadores",
        "title": "Tablero público de indicadores de gestión",
        "category": "gestion-y-modernizacion",
        "themes": ["Gobierno abierto", "Calidad de servicios", "Planificación estratégica"],
        "ods": [16, 17],
        "summary": "Un tablero en línea muestra cada mes cómo avanzan las metas del plan estratégico de "
        "{comuna} y los estándares de calidad de sus servicios.",
        "previous": "Las metas del plan de desarrollo comunal se revisaban una vez al año y sin datos "
        "comparables. Cada dirección medía a su manera y la comunidad no conocía los avances.",
        "objectives": "- Definir indicadores comunes con fichas técnicas.\n- Publicar los resultados cada "
        "mes.\n- Usar los datos para decidir mejoras.",
        "description": "Cada dirección definió sus indicadores con una ficha (fórmula, fuente, meta y responsable). "
        "Una unidad de control de gestión consolida los datos y los publica en un tablero abierto. "
        "Trimestralmente, el comité directivo revisa desviaciones y acuerda acciones correctivas.",
        "results": "Se pasó de indicadores dispersos a un sistema único que orienta la planificación. Varias "
        "unidades mejoraron sus plazos al ver sus datos comparados.",
        "participation": "El tablero es público y los consejos vecinales pueden solicitar nuevos indicadores.",
        "indicators": [
            ("Indicadores con ficha técnica", "0", "{n3}", "indicadores"),
            ("Metas cumplidas en el año", "40", "{p1}", "%"),
        ],
        "partners": "Universidad regional (asesoría metodológica).",
        "budget": (15_000_000, 60_000_000),
    },
    {
        "key": "reciclaje-puerta-a-puerta",
        "title": "Reciclaje puerta a puerta",
        "category": "medio-ambiente",
        "themes": ["Economía circular", "Cambio climático"],
        "ods": [11, 12, 13],
        "summary": "Un servicio de retiro diferenciado de residuos reciclables llega a los hogares de {comuna} "
        "y reduce lo que se envía a relleno sanitario.",
        "previous": "Casi todos los residuos domiciliarios de {comuna} terminaban en el relleno sanitario, con "
        "costos crecientes y pocos puntos limpios disponibles.",
        "objectives": "- Instalar el retiro semanal de reciclables en todos los sectores urbanos.\n"
        "- Reducir el tonelaje enviado a disposición final.\n- Incluir a recicladores de base.",
        "description": "Se entregaron contenedores a cada vivienda y se capacitó a las familias casa por casa. Los "
        "recicladores de base, organizados en cooperativa, operan las rutas con camiones municipales y "
        "comercializan el material.",
        "results": "El material valorizado creció cada año y el costo de disposición final bajó. La cooperativa "
        "de recicladores formalizó a sus integrantes.",
        "participation": "Monitores vecinales acompañan cada sector y las juntas de vecinos ayudan a difundir "
        "los días de retiro.",
        "indicators": [
            ("Hogares adheridos", "0", "{n1}", "hogares"),
            ("Residuos valorizados al año", "35", "{n5}", "toneladas"),
        ],
        "partners": "Cooperativa de recicladores de base; Ministerio del Medio Ambiente (fondo de reciclaje).",
        "budget": (90_000_000, 300_000_000),
    },
    {
        "key": "eficiencia-energetica",
        "title": "Alumbrado público eficiente y energía solar en edificios municipales",
        "category": "medio-ambiente",
        "themes": ["Cambio climático"],
        "ods": [7, 13],
        "summary": "{comuna} cambió sus luminarias a tecnología LED e instaló paneles solares en escuelas y "
        "consultorios, reduciendo el gasto eléctrico.",
        "previous": "La cuenta eléctrica era uno de los gastos más altos del municipio y muchas calles tenían "
        "iluminación deficiente, con efectos en la seguridad.",
        "objectives": "- Reemplazar el alumbrado público por luminarias eficientes.\n- Generar energía "
        "renovable en edificios municipales.\n- Reinvertir los ahorros en servicios a la comunidad.",
        "description": "Con un catastro completo de luminarias se priorizaron los sectores con más reclamos. La "
        "municipalidad postuló a fondos regionales para el recambio y para sistemas fotovoltaicos conectados a "
        "la red en edificios con consumo diurno.",
        "results": "El consumo eléctrico del alumbrado bajó de forma notable y los edificios con paneles cubren "
        "parte importante de su demanda diurna.",
        "participation": "Los vecinos priorizaron las calles en mesas territoriales y reportan fallas por una "
        "aplicación.",
        "indicators": [
            ("Luminarias reemplazadas", "0", "{n1}", "luminarias"),
            ("Ahorro anual en electricidad", "0", "{p1}", "%"),
        ],
        "partners": "Gobierno regional; Agencia de Sostenibilidad Energética.",
        "budget": (150_000_000, 900_000_000),
    },
    {
        "key": "huertos-comunitarios",
        "title": "Red de huertos comunitarios y compostaje",
        "category": "medio-ambiente",
        "themes": ["Economía circular", "Gestión del agua"],
        "ods": [2, 11, 12],
        "summary": "Sitios eriazos de {comuna} se transformaron en huertos vecinales que compostan residuos "
        "orgánicos y usan riego eficiente.",
        "previous": "Había terrenos municipales abandonados que acumulaban basura, y los residuos orgánicos "
        "representaban cerca de la mitad de la basura domiciliaria.",
        "objectives": "- Recuperar espacios en desuso como huertos.\n- Compostar residuos orgánicos de los "
        "hogares cercanos.\n- Enseñar técnicas de cultivo y riego eficiente.",
        "description": "La municipalidad cedió los terrenos en comodato a organizaciones vecinales, instaló riego "
        "por goteo y composteras, y ofreció talleres mensuales. Las escuelas cercanas usan los huertos como "
        "aula abierta.",
        "results": "Los huertos producen hortalizas para las familias participantes y reducen la basura "
        "orgánica del sector.",
        "participation": "Cada huerto es administrado por un comité vecinal que define turnos y reglas.",
        "indicators": [
            ("Huertos en funcionamiento", "0", "{n3}", "huertos"),
            ("Familias participantes", "0", "{n2}", "familias"),
        ],
        "partners": "INDAP; escuelas municipales; organizaciones vecinales.",
        "budget": (10_000_000, 45_000_000),
    },
    {
        "key": "cuidados-personas-mayores",
        "title": "Programa de cuidados domiciliarios para personas mayores",
        "category": "desarrollo-social",
        "themes": ["Personas mayores", "Inclusión"],
        "ods": [3, 10],
        "summary": "Equipos municipales visitan a personas mayores dependientes de {comuna} y apoyan a sus "
        "cuidadoras con formación y respiro.",
        "previous": "Muchas personas mayores vivían solas o con cuidadoras sobrecargadas, sin contacto regular "
        "con la red municipal ni de salud.",
        "objectives": "- Identificar a las personas mayores con dependencia.\n- Entregar apoyo domiciliario "
        "periódico.\n- Reducir la sobrecarga de las cuidadoras.",
        "description": "Con datos del registro social y de los centros de salud se elaboró un catastro. Duplas de "
        "técnicos en enfermería y trabajadores sociales realizan visitas, coordinan ayudas técnicas y derivan "
        "a la red. Las cuidadoras reciben talleres y horas de respiro.",
        "results": "Las visitas permitieron detectar casos de abandono y mejorar la adherencia a tratamientos. "
        "Las cuidadoras reportan menor sobrecarga.",
        "participation": "Las uniones comunales de adultos mayores participan en la priorización y en el "
        "seguimiento del programa.",
        "indicators": [
            ("Personas mayores atendidas", "0", "{n2}", "personas"),
            ("Cuidadoras capacitadas", "0", "{n3}", "personas"),
        ],
        "partners": "SENAMA; centros de salud familiar.",
        "budget": (50_000_000, 200_000_000),
    },
    {
        "key": "oficina-inclusion",
        "title": "Oficina municipal de inclusión y accesibilidad",
        "category": "desarrollo-social",
        "themes": ["Inclusión", "Calidad de servicios"],
        "ods": [10, 11],
        "summary": "{comuna} creó una oficina que asesora a personas con discapacidad y revisa la accesibilidad "
        "de espacios y servicios municipales.",
        "previous": "Las personas con discapacidad debían gestionar apoyos en distintas oficinas y muchos "
        "edificios y veredas no eran accesibles.",
        "objectives": "- Orientar a las personas con discapacidad en un solo lugar.\n- Auditar la accesibilidad "
        "de edificios municipales.\n- Incorporar criterios de accesibilidad en nuevas obras.",
        "description": "La oficina atiende con intérprete de lengua de señas, tramita credenciales y ayudas "
        "técnicas, y realiza auditorías de accesibilidad con usuarios. Las observaciones se incorporan al plan "
        "de inversiones.",
        "results": "Se adaptaron accesos y baños en edificios municipales y aumentó el número de personas con "
        "credencial de discapacidad.",
        "participation": "Organizaciones de personas con discapacidad forman parte del consejo asesor de la "
        "oficina.",
        "indicators": [
            ("Edificios municipales auditados", "0", "{n3}", "edificios"),
            ("Personas atendidas al año", "0", "{n2}", "personas"),
        ],
        "partners": "SENADIS; organizaciones de personas con discapacidad.",
        "budget": (20_000_000, 80_000_000),
    },
    {
        "key": "prevencion-comunitaria",
        "title": "Prevención comunitaria del delito por barrios",
        "category": "seguridad",
        "themes": ["Prevención del delito", "Infancia y juventud"],
        "ods": [11, 16],
        "summary": "Planes de seguridad construidos con cada barrio de {comuna} combinan recuperación de espacios, "
        "iluminación y actividades para jóvenes.",
        "previous": "Algunos sectores concentraban denuncias por robos y la percepción de inseguridad impedía el "
        "uso de plazas y canchas.",
        "objectives": "- Elaborar diagnósticos participativos por barrio.\n- Recuperar espacios públicos "
        "deteriorados.\n- Ofrecer alternativas a jóvenes en riesgo.",
        "description": "Con marchas exploratorias y encuestas se identificaron los puntos críticos. Se intervinieron "
        "plazas con iluminación, mobiliario y actividades deportivas y culturales, en coordinación con las "
        "policías y el consejo comunal de seguridad.",
        "results": "Los espacios recuperados volvieron a usarse y la percepción de inseguridad bajó en las "
        "encuestas de seguimiento.",
        "participation": "Los vecinos definieron prioridades y administran los espacios recuperados.",
        "indicators": [
            ("Espacios públicos recuperados", "0", "{n3}", "espacios"),
            ("Personas que se sienten seguras en su barrio", "35", "{p1}", "%"),
        ],
        "partners": "Subsecretaría de Prevención del Delito; Carabineros; clubes deportivos.",
        "budget": (70_000_000, 250_000_000),
    },
    {
        "key": "mediacion-vecinal",
        "title": "Centro de mediación vecinal",
        "category": "seguridad",
        "themes": ["Prevención del delito", "Calidad de servicios"],
        "ods": [16],
        "summary": "Mediadores municipales ayudan a resolver conflictos entre vecinos de {comuna} antes de que "
        "escalen a la violencia o a tribunales.",
        "previous": "Conflictos por ruidos, deslindes o mascotas terminaban en denuncias reiteradas y, a veces, "
        "en agresiones.",
        "objectives": "- Ofrecer mediación gratuita y voluntaria.\n- Reducir las denuncias por convivencia.\n"
        "- Formar a dirigentes en manejo de conflictos.",
        "description": "Un equipo de mediadores certificados recibe casos derivados por juzgados de policía local, "
        "policías y juntas de vecinos. Las sesiones se realizan en sedes vecinales y los acuerdos se "
        "monitorean a los tres meses.",
        "results": "La mayoría de las mediaciones terminó en acuerdo y los acuerdos se mantienen en el "
        "seguimiento.",
        "participation": "Dirigentes vecinales reciben formación y actúan como primeros facilitadores.",
        "indicators": [
            ("Casos mediados al año", "0", "{n2}", "casos"),
            ("Casos con acuerdo", "0", "{p1}", "%"),
        ],
        "partners": "Juzgado de policía local; universidad (práctica de estudiantes de derecho).",
        "budget": (18_000_000, 60_000_000),
    },
    {
        "key": "ferias-emprendimiento",
        "title": "Ferias y vitrina digital para emprendedores locales",
        "category": "desarrollo-economico-local",
        "themes": ["Emprendimiento", "Igualdad de género"],
        "ods": [5, 8],
        "summary": "Emprendedoras y emprendedores de {comuna} venden en ferias itinerantes y en una tienda en "
        "línea administrada por el municipio.",
        "previous": "Muchos emprendimientos, mayoritariamente liderados por mujeres, no tenían canales de venta "
        "estables ni formación en gestión.",
        "objectives": "- Abrir canales de venta presenciales y digitales.\n- Formar en gestión, costos y "
        "marketing.\n- Formalizar emprendimientos.",
        "description": "La oficina de fomento productivo organizó ferias mensuales en distintos barrios y habilitó "
        "una vitrina digital con fotografía de productos y pagos en línea. Un ciclo de talleres acompaña la "
        "formalización.",
        "results": "Las ventas de los emprendimientos participantes aumentaron y varios obtuvieron iniciación de "
        "actividades.",
        "participation": "Una mesa de emprendedores define el calendario de ferias y evalúa cada temporada.",
        "indicators": [
            ("Emprendimientos participantes", "0", "{n2}", "emprendimientos"),
            ("Emprendimientos formalizados", "0", "{n3}", "emprendimientos"),
        ],
        "partners": "SERCOTEC; cámara de comercio local.",
        "budget": (12_000_000, 70_000_000),
    },
    {
        "key": "turismo-rural",
        "title": "Ruta de turismo rural comunitario",
        "category": "desarrollo-economico-local",
        "themes": ["Emprendimiento", "Economía circular"],
        "ods": [8, 12],
        "summary": "Familias campesinas de {comuna} ofrecen alojamiento, gastronomía y recorridos en una ruta "
        "promovida en conjunto con el municipio.",
        "previous": "Los visitantes pasaban de largo por los sectores rurales y las familias dependían de un solo "
        "cultivo con ingresos inestables.",
        "objectives": "- Diversificar los ingresos de las familias rurales.\n- Crear una oferta turística "
        "asociativa.\n- Cuidar el patrimonio natural y cultural.",
        "description": "Se formó una asociación de prestadores, se capacitó en atención a visitantes e inocuidad "
        "alimentaria y se señalizó la ruta. La municipalidad gestiona la promoción y un calendario de fiestas "
        "costumbristas.",
        "results": "Llegaron visitantes durante todo el año y los prestadores aumentaron sus ingresos.",
        "participation": "La asociación de prestadores decide los estándares de calidad de la ruta.",
        "indicators": [
            ("Prestadores asociados", "0", "{n3}", "familias"),
            ("Visitantes al año", "0", "{n1}", "personas"),
        ],
        "partners": "SERNATUR; INDAP; asociación de prestadores turísticos.",
        "budget": (25_000_000, 90_000_000),
    },
    {
        "key": "salud-mental-comunitaria",
        "title": "Salud mental comunitaria en atención primaria",
        "category": "salud",
        "themes": ["Atención primaria", "Infancia y juventud"],
        "ods": [3],
        "summary": "Los centros de salud de {comuna} incorporaron equipos que atienden salud mental en el barrio y "
        "acortan las listas de espera.",
        "previous": "La espera para una primera atención de salud mental superaba los tres meses y muchas "
        "personas abandonaban el tratamiento.",
        "objectives": "- Reducir la espera para la primera atención.\n- Llevar la atención a sedes y escuelas.\n"
        "- Formar monitores comunitarios.",
        "description": "Psicólogos y trabajadores sociales realizan acogidas grupales, atención breve y talleres en "
        "sedes vecinales y escuelas. Los casos complejos se derivan con prioridad a la especialidad.",
        "results": "La espera se redujo de forma importante y aumentó la adherencia a los tratamientos.",
        "participation": "Monitores comunitarios formados por el programa acompañan a las personas en sus "
        "barrios.",
        "indicators": [
            ("Días de espera para primera atención", "95", "{n4}", "días"),
            ("Monitores comunitarios formados", "0", "{n3}", "personas"),
        ],
        "partners": "Servicio de Salud; escuelas municipales.",
        "budget": (40_000_000, 160_000_000),
    },
    {
        "key": "farmacia-comunal",
        "title": "Farmacia y óptica municipal",
        "category": "salud",
        "themes": ["Atención primaria", "Personas mayores"],
        "ods": [3, 10],
        "summary": "{comuna} abrió una farmacia y óptica municipal que vende medicamentos y lentes a precio de "
        "costo a sus vecinos.",
        "previous": "El gasto en medicamentos para enfermedades crónicas era una carga pesada para las familias, en "
        "especial para las personas mayores.",
        "objectives": "- Reducir el gasto de bolsillo en medicamentos.\n- Facilitar el acceso a lentes "
        "ópticos.\n- Mejorar la adherencia a tratamientos.",
        "description": "La farmacia compra a través de la central de abastecimiento y vende a precio de costo a "
        "personas inscritas. Un químico farmacéutico orienta sobre el uso de medicamentos y coordina con los "
        "centros de salud.",
        "results": "Las personas inscritas ahorran en promedio más de la mitad del precio de mercado.",
        "participation": "Las organizaciones de pacientes crónicos proponen los medicamentos a incorporar.",
        "indicators": [
            ("Personas inscritas", "0", "{n1}", "personas"),
            ("Ahorro promedio frente al precio de mercado", "0", "{p1}", "%"),
        ],
        "partners": "CENABAST; centros de salud familiar.",
        "budget": (30_000_000, 120_000_000),
    },
    {
        "key": "escuelas-abiertas",
        "title": "Escuelas abiertas a la comunidad",
        "category": "educacion",
        "themes": ["Formación ciudadana", "Infancia y juventud"],
        "ods": [4, 11],
        "summary": "Las escuelas municipales de {comuna} abren sus instalaciones en las tardes y fines de semana "
        "para talleres, deporte y nivelación de estudios.",
        "previous": "La infraestructura escolar quedaba cerrada fuera del horario de clases mientras faltaban "
        "espacios comunitarios en los barrios.",
        "objectives": "- Usar la infraestructura escolar como centro comunitario.\n- Ofrecer nivelación de "
        "estudios para adultos.\n- Fortalecer el vínculo entre escuela y familias.",
        "description": "Cada escuela definió con su comunidad una oferta de talleres. Monitores contratados por el "
        "municipio y voluntarios guían las actividades, y se habilitó un programa de nivelación de estudios "
        "para adultos.",
        "results": "Las escuelas se convirtieron en puntos de encuentro del barrio y decenas de adultos "
        "terminaron su enseñanza media.",
        "participation": "Los centros de padres y las juntas de vecinos eligen la oferta de talleres.",
        "indicators": [
            ("Escuelas abiertas fuera de horario", "0", "{n3}", "escuelas"),
            ("Adultos que completan estudios", "0", "{n2}", "personas"),
        ],
        "partners": "Ministerio de Educación; centros de padres y apoderados.",
        "budget": (20_000_000, 75_000_000),
    },
    {
        "key": "escuela-ciudadana",
        "title": "Escuela ciudadana para dirigentes sociales",
        "category": "educacion",
        "themes": ["Formación ciudadana", "Gobierno abierto"],
        "ods": [4, 16],
        "summary": "Un ciclo de formación gratuito entrega a dirigentes de {comuna} herramientas de liderazgo, "
        "formulación de proyectos y educación cívica.",
        "previous": "Las organizaciones sociales tenían dificultades para postular a fondos y renovar sus "
        "directivas; pocas personas jóvenes asumían cargos.",
        "objectives": "- Formar a dirigentes en liderazgo y gestión de proyectos.\n- Aumentar las postulaciones "
        "exitosas a fondos públicos.\n- Promover la renovación de liderazgos.",
        "description": "La escuela funciona en módulos vespertinos con metodología práctica: cada participante "
        "formula un proyecto real para su organización. Se certifica la asistencia y se acompaña la "
        "postulación.",
        "results": "Las organizaciones participantes aumentaron sus postulaciones aprobadas a fondos "
        "concursables.",
        "participation": "Los egresados forman una red que apoya a las nuevas generaciones de la escuela.",
        "indicators": [
            ("Dirigentes egresados", "0", "{n2}", "personas"),
            ("Proyectos financiados de egresados", "0", "{n3}", "proyectos"),
        ],
        "partners": "Asociación de municipalidades (programa de escuelas ciudadanas); universidad regional.",
        "budget": (6_000_000, 25_000_000),
    },
]

SUSTAINABILITY = [
    "La iniciativa quedó incorporada en el presupuesto municipal ordinario y cuenta con un equipo estable, "
    "por lo que no depende de fondos externos para continuar.",
    "Un reglamento aprobado por el concejo municipal da continuidad a la iniciativa más allá de la "
    "administración que la creó.",
    "La operación se financia con recursos propios y con convenios plurianuales con servicios públicos, y "
    "los procedimientos están documentados para el traspaso entre equipos.",
]

REPLICABILITY = [
    "Los instrumentos (bases, fichas y manuales) están disponibles para otras municipalidades y se pueden "
    "adaptar a comunas de distinto tamaño.",
    "La experiencia se transfirió a comunas vecinas mediante pasantías técnicas organizadas por la "
    "asociación de municipalidades.",
    "No requiere tecnología costosa: lo esencial es un equipo pequeño, reglas claras y compromiso de la "
    "autoridad, lo que facilita su réplica.",
]

LESSONS = [
    "Involucrar desde el inicio a funcionarios y vecinos evitó resistencias y mejoró el diseño.",
    "Medir desde el primer día permitió corregir a tiempo y comunicar resultados con datos.",
    "Empezar con un piloto acotado y escalar después redujo los riesgos y facilitó el aprendizaje.",
    "La coordinación con otros servicios públicos fue clave y conviene formalizarla en convenios.",
]

# Regions and comunas used by the generated practices (CUT codes).
COMUNAS = [
    "15101",
    "01101",
    "01107",
    "02101",
    "02201",
    "03101",
    "03301",
    "04102",
    "04106",
    "05101",
    "05109",
    "13101",
    "13114",
    "13110",
    "06101",
    "07101",
    "07102",
    "16101",
    "16103",
    "08101",
    "08102",
    "09101",
    "09104",
    "14101",
    "10101",
    "10105",
    "11101",
    "12101",
    "13120",
    "05103",
    "04301",
    "08106",
]
